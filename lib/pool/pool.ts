/**
 * The one worker pool of SpotKit: runs a list of jobs over `size` Deno workers (or in this process when
 * `size` is 1 and an in-process runner is given), streams each job's events to the caller and collects one
 * outcome per job, in job order. A worker that crashes is replaced; the job it held is reported as failed.
 *
 * The worker side is {@link serveJobs}: a module passed as `url` calls it once with its job handler.
 * Feature extraction, landmark detection and the run engine all use this pool.
 *
 * @module
 */

/** What a job ends with: its value, or the error message. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

/** Message from a pool worker (internal protocol of {@link runPool} and {@link serveJobs}). */
export type PoolReply<R, E> =
  | { kind: "event"; event: E }
  | { kind: "done"; value: R }
  | { kind: "error"; message: string };

/** Runs one job; `emit` sends progress events to the pool's owner. */
export type JobRunner<J, R, E> = (job: J, emit: (event: E) => void) => Promise<R>;

/** Options of {@link runPool}. */
export interface PoolOptions<J, R, E> {
  /** Worker module that calls {@link serveJobs}. */
  url: URL;
  /** Parallel workers (clamped to the number of jobs). @default 1 */
  size?: number;
  /** Runs jobs in this process instead of a worker when the pool has one lane. */
  inProcess?: JobRunner<J, R, E>;
  /** Called for every event a job emits, with the job's index. */
  onEvent?: (index: number, event: E) => void;
  /** Called when a job ends, with its index and outcome (before the next job of that lane starts). */
  onDone?: (index: number, outcome: Outcome<R>) => void;
  /** Stop handing out jobs after the first failure (running ones finish); the rest end as "not run". @default false */
  stopOnError?: boolean;
  /** Values moved (not copied) to the worker with each job. */
  transfer?: (job: J) => Transferable[];
}

/**
 * Runs `jobs` over the pool and resolves with one outcome per job, in job order. Never rejects for a job's
 * failure: callers decide (e.g. a sweep reports every failed unit, features stop on the first).
 *
 * @example
 * ```ts ignore
 * const out = await runPool(jobs, { url: new URL("./worker.ts", import.meta.url), size: 2 });
 * const failed = out.filter((o) => !o.ok);
 * ```
 */
export async function runPool<J, R, E = never>(
  jobs: readonly J[],
  options: PoolOptions<J, R, E>,
): Promise<Outcome<R>[]> {
  const size = Math.max(1, Math.min(Math.floor(options.size ?? 1), jobs.length));
  if (!Number.isFinite(size)) throw new RangeError(`pool size must be a positive integer, got ${options.size}`);
  const outcomes: Outcome<R>[] = new Array(jobs.length);
  let next = 0;
  let stop = false;
  const finish = (i: number, o: Outcome<R>) => {
    outcomes[i] = o;
    if (!o.ok && options.stopOnError) stop = true;
    options.onDone?.(i, o);
  };
  const take = (): number | undefined => (stop || next >= jobs.length ? undefined : next++);

  if (size === 1 && options.inProcess) {
    for (let i = take(); i !== undefined; i = take()) {
      try {
        finish(i, { ok: true, value: await options.inProcess(jobs[i], (e) => options.onEvent?.(i, e)) });
      } catch (e) {
        finish(i, { ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
  } else {
    const spawn = () => new Worker(options.url.href, { type: "module" });
    const lane = async () => {
      let w = spawn();
      try {
        for (let i = take(); i !== undefined; i = take()) {
          const crashed = { value: false };
          const outcome = await new Promise<Outcome<R>>((resolve) => {
            w.onmessage = (ev: MessageEvent<PoolReply<R, E>>) => {
              const m = ev.data;
              if (m.kind === "event") options.onEvent?.(i, m.event);
              else if (m.kind === "done") resolve({ ok: true, value: m.value });
              else resolve({ ok: false, error: m.message });
            };
            w.onerror = (e) => {
              e.preventDefault();
              crashed.value = true;
              resolve({ ok: false, error: `worker crashed: ${e.message}` });
            };
            w.postMessage(jobs[i], options.transfer?.(jobs[i]) ?? []);
          });
          if (crashed.value) { // an uncaught error may leave the worker unusable: replace it
            w.terminate();
            w = spawn();
          }
          finish(i, outcome);
        }
      } finally {
        w.terminate();
      }
    };
    await Promise.all(Array.from({ length: size }, lane));
  }
  for (let i = 0; i < jobs.length; i++) {
    outcomes[i] ??= { ok: false, error: "not run (an earlier job failed)" };
  }
  return outcomes;
}

/**
 * Worker side of {@link runPool}: answers every job message with the handler's value (or error message),
 * forwarding its events. Call once at the top level of a worker module.
 *
 * @param transfer values of the result to move instead of copy (e.g. a Float32Array's buffer).
 */
export function serveJobs<J, R, E = never>(
  handler: JobRunner<J, R, E>,
  transfer?: (value: R) => Transferable[],
): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<J>) => void) | null;
    postMessage(message: unknown, transfer?: Transferable[]): void;
  };
  scope.onmessage = async (e) => {
    const post = (m: PoolReply<R, E>, t: Transferable[] = []) => scope.postMessage(m, t);
    try {
      const value = await handler(e.data, (event) => post({ kind: "event", event }));
      post({ kind: "done", value }, transfer?.(value) ?? []);
    } catch (err) {
      post({ kind: "error", message: err instanceof Error ? err.message : String(err) });
    }
  };
}
