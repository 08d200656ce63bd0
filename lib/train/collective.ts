/**
 * Synchronous collectives between Deno workers through `SharedArrayBuffer` + `Atomics` (no message round trip):
 * a barrier and a sum all-reduce whose result is bitwise identical on every rank (summed in rank order), so
 * data-parallel replicas stay in lockstep. A rank that fails calls `abort()`, which wakes and fails the others
 * instead of leaving them waiting.
 *
 * @module
 */

/** Buffers shared by the ranks (structured-clone them to every worker). */
export interface SharedCollective {
  /** Number of ranks. */
  size: number;
  /** Int32 control words: arrivals, generation, abort flag. */
  control: SharedArrayBuffer;
  /** Float32 slots, one of `chunk` values per rank. */
  data: SharedArrayBuffer;
  /** Floats per slot (longer vectors are reduced in chunks). */
  chunk: number;
}

/** The collectives of one rank. */
export interface Collective {
  readonly rank: number;
  readonly size: number;
  /** Element-wise sum of `values` over all ranks (every rank passes the same length); returns a new array. */
  allReduce(values: Float32Array): Float32Array;
  /** Waits until every rank has arrived. */
  barrier(): void;
  /** Marks the group failed: every rank waiting or arriving later throws. */
  abort(): void;
}

/** Allocates the shared buffers for `size` ranks. */
export function sharedCollective(size: number, chunk = 1 << 20): SharedCollective {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`collective size must be a positive integer; got ${size}`);
  }
  return {
    size,
    chunk,
    control: new SharedArrayBuffer(3 * 4),
    data: new SharedArrayBuffer(size * chunk * 4),
  };
}

/**
 * The collectives of `rank` over `shared`. `timeoutMs` bounds every wait (a rank that never arrives
 * fails the others with a clear error).
 */
export function collective(shared: SharedCollective, rank: number, timeoutMs = 30 * 60_000): Collective {
  const { size, chunk } = shared;
  const ctl = new Int32Array(shared.control);
  const slots = new Float32Array(shared.data);
  const check = () => {
    if (Atomics.load(ctl, 2) !== 0) throw new Error(`data-parallel rank ${rank}: another rank failed; stopping`);
  };
  const barrier = () => {
    check();
    const gen = Atomics.load(ctl, 1);
    if (Atomics.add(ctl, 0, 1) === size - 1) {
      Atomics.store(ctl, 0, 0);
      Atomics.add(ctl, 1, 1);
      Atomics.notify(ctl, 1);
      return;
    }
    const t0 = Date.now();
    while (Atomics.load(ctl, 1) === gen) {
      check();
      if (Date.now() - t0 > timeoutMs) throw new Error(`data-parallel rank ${rank}: barrier timed out`);
      Atomics.wait(ctl, 1, gen, 1000);
    }
    check();
  };
  return {
    rank,
    size,
    barrier,
    abort() {
      Atomics.store(ctl, 2, 1);
      Atomics.add(ctl, 1, 1);
      Atomics.notify(ctl, 1);
    },
    allReduce(values) {
      const out = new Float32Array(values.length);
      if (size === 1) {
        out.set(values);
        return out;
      }
      for (let s = 0; s < values.length; s += chunk) {
        const n = Math.min(chunk, values.length - s);
        slots.set(values.subarray(s, s + n), rank * chunk);
        barrier();
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let r = 0; r < size; r++) acc += slots[r * chunk + i];
          out[s + i] = acc;
        }
        barrier();
      }
      return out;
    },
  };
}
