/**
 * Per-frame training targets, built exactly as the official code does (official-implementation §2):
 * first a one-hot label matrix `(T, 8)` per video (ABPN `new_feature_segment.py`: ME start/apex/end/action,
 * then MaE start/apex/end/action, with the annotation repairs), then the targets of a frame range
 * (SF `datasets.py:53-138`, computed per 16-frame segment in the official code).
 *
 * @module
 */
import type { ExpressionEvent } from "../data/types.ts";

/** Number of label columns: ME start, apex, end, action, then MaE start, apex, end, action. */
export const LABEL_COLUMNS = 8;

/** Options of the target builder. */
export interface TargetOptions {
  /** Onset/offset spread (±frames) for ME (`micro_normal_range`). @default 1 */
  meRange: number;
  /** Onset/offset spread (±frames) for MaE (`macro_normal_range`). @default 3 */
  maeRange: number;
  /** Soft-apex spread for ME (the official code reuses `micro_normal_range`). @default 1 */
  meApexRange: number;
  /** Soft-apex spread for MaE. @default 3 */
  maeApexRange: number;
  /** σ of the Gaussian soft apex: value `exp(−j²/(2σ²))` at distance j. @default 4 */
  apexSigma: number;
  /**
   * Keep the official left-side bug `index − j > 0` (frame 0 of a range never gets a soft-apex value).
   * `false` uses the intended `index − j >= 0`. @default true
   */
  officialApexBug: boolean;
}

/** The official target settings. */
export const DEFAULT_TARGETS: Readonly<TargetOptions> = Object.freeze({
  meRange: 1,
  maeRange: 3,
  meApexRange: 1,
  maeApexRange: 3,
  apexSigma: 4,
  officialApexBug: true,
});

/** Validates and completes target options; rejects unknown keys and negative ranges. */
export function resolveTargets(partial: Partial<TargetOptions> = {}): TargetOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_TARGETS)) {
      throw new TypeError(`unknown target option "${k}"; known: ${Object.keys(DEFAULT_TARGETS).join(", ")}`);
    }
  }
  const o = { ...DEFAULT_TARGETS, ...partial };
  for (const k of ["meRange", "maeRange", "meApexRange", "maeApexRange"] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 0 || o[k] > 64) {
      throw new RangeError(`target option ${k} must be an integer in [0, 64], got ${o[k]}`);
    }
  }
  if (!(o.apexSigma > 0) || !Number.isFinite(o.apexSigma)) {
    throw new RangeError(`target option apexSigma must be a positive number, got ${o.apexSigma}`);
  }
  if (typeof o.officialApexBug !== "boolean") {
    throw new TypeError(`target option officialApexBug must be a boolean, got ${typeof o.officialApexBug}`);
  }
  return o;
}

/** One-hot labels of a video and the repairs made while building them. */
export interface FrameLabels {
  /** Row-major `(T, 8)` 0/1 matrix (see {@link LABEL_COLUMNS}). */
  labels: Uint8Array;
  /** Number of frames T. */
  length: number;
  /** One message per repaired or skipped event, naming the video and the event. */
  warnings: string[];
}

/**
 * Builds the official one-hot label matrix `(T, 8)` of one video (ABPN `new_feature_segment.py:87-128`).
 * Events are used in order. Repairs, each reported as a warning naming `video` and the event:
 * two or three of onset/apex/offset equal to 0 → event skipped; apex ≥ T → skipped;
 * offset 0 → `offset = 2·apex − onset`; else apex 0 → `apex = (onset + offset) // 2`; offset ≥ T → `T − 1`;
 * and (not in the official code, which would index out of range) events whose repaired frames are not
 * ordered `onset ≤ apex ≤ offset` are skipped.
 *
 * @example
 * ```ts
 * const { labels } = buildFrameLabels([{ type: "ME", onset: 2, apex: 3, offset: 5 }], 8, { video: "v1" });
 * labels[2 * 8 + 0]; // 1 (ME onset at frame 2)
 * ```
 */
export function buildFrameLabels(
  events: readonly ExpressionEvent[],
  T: number,
  options: { video?: string } = {},
): FrameLabels {
  if (!Number.isInteger(T) || T < 0) throw new RangeError(`buildFrameLabels: T must be an integer ≥ 0, got ${T}`);
  const video = options.video ?? "video";
  const labels = new Uint8Array(T * LABEL_COLUMNS);
  const warnings: string[] = [];
  events.forEach((e, i) => {
    let { onset, apex, offset } = e;
    const what = `${video} event ${i + 1} (${e.type} ${onset}/${apex}/${offset})`;
    for (const [name, v] of [["onset", onset], ["apex", apex], ["offset", offset]] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new RangeError(`${what}: ${name} must be an integer frame ≥ 0, got ${v}`);
      }
    }
    const zeros = Number(onset === 0) + Number(apex === 0) + Number(offset === 0);
    if (zeros >= 2) {
      warnings.push(`${what}: two or more of onset/apex/offset are 0 (unknown); event skipped`);
      return;
    }
    if (apex >= T) {
      warnings.push(`${what}: apex is beyond the last frame ${T - 1}; event skipped`);
      return;
    }
    if (offset === 0) {
      offset = 2 * apex - onset;
      warnings.push(`${what}: offset 0 (unknown) set to 2·apex − onset = ${offset}`);
    } else if (apex === 0) {
      apex = Math.floor((onset + offset) / 2);
      warnings.push(`${what}: apex 0 (unknown) set to (onset + offset) // 2 = ${apex}`);
    }
    if (offset >= T) {
      warnings.push(`${what}: offset ${offset} clipped to the last frame ${T - 1}`);
      offset = T - 1;
    }
    if (offset < onset || apex < onset || apex > offset) {
      warnings.push(`${what}: onset ≤ apex ≤ offset does not hold after repairs; event skipped`);
      return;
    }
    const c = e.type === "ME" ? 0 : 4;
    labels[onset * LABEL_COLUMNS + c] = 1;
    labels[apex * LABEL_COLUMNS + c + 1] = 1;
    labels[offset * LABEL_COLUMNS + c + 2] = 1;
    for (let f = onset; f <= offset; f++) labels[f * LABEL_COLUMNS + c + 3] = 1;
  });
  return { labels, length: T, warnings };
}

/** Targets of L consecutive frames (one segment or one video). */
export interface FrameTargets {
  /** Number of frames L. */
  length: number;
  /** ME onset/offset class per frame: 0 onset, 1 offset, 2 none. `(L)` */
  meOnOff: Int32Array;
  /** MaE onset/offset class per frame. `(L)` */
  maeOnOff: Int32Array;
  /** ME soft apex in [0, 1]. `(L)` */
  meApex: Float32Array;
  /** MaE soft apex. `(L)` */
  maeApex: Float32Array;
  /** ME action (1 inside [onset, offset]). `(L)` */
  meAction: Float32Array;
  /** MaE action. `(L)` */
  maeAction: Float32Array;
  /** Contrastive class: 0 neutral, 1 MaE, 2 ME; MaE overwrites ME. `(L)` */
  contrast: Int32Array;
}

function spreadClass(out: Int32Array, rows: Uint8Array, col: number, cls: number, range: number): void {
  const L = out.length;
  for (let i = 0; i < L; i++) {
    if (rows[i * LABEL_COLUMNS + col] !== 1) continue;
    out[i] = cls;
    for (let j = 1; j <= range; j++) {
      if (i - j >= 0) out[i - j] = cls;
      if (i + j < L) out[i + j] = cls;
    }
  }
}

function spreadApex(out: Float32Array, rows: Uint8Array, col: number, range: number, o: TargetOptions): void {
  const L = out.length;
  const left = o.officialApexBug ? 1 : 0;
  for (let i = 0; i < L; i++) {
    if (rows[i * LABEL_COLUMNS + col] !== 1) continue;
    out[i] = 1;
    for (let j = 1; j <= range; j++) {
      const v = Math.exp(-(j * j) / (2 * o.apexSigma * o.apexSigma));
      if (i - j >= left) out[i - j] = v;
      if (i + j < L) out[i + j] = v;
    }
  }
}

/**
 * Targets of `L` rows of a label matrix (SF `datasets.py:53-138`; the official code applies it to each
 * 16-frame segment, so spreads stop at the segment edges). Onsets are written before offsets, so offsets
 * win on overlap; soft apex is 1 at the apex and `exp(−j²/32)` at j = 1..range.
 *
 * @param rows row-major `(L, 8)` labels (e.g. a slice of {@link FrameLabels.labels}).
 */
export function targetsFromLabels(rows: Uint8Array, options: Partial<TargetOptions> = {}): FrameTargets {
  const o = resolveTargets(options);
  if (rows.length % LABEL_COLUMNS !== 0) {
    throw new RangeError(`targetsFromLabels: label rows must have ${LABEL_COLUMNS} columns, got ${rows.length} values`);
  }
  const L = rows.length / LABEL_COLUMNS;
  const t: FrameTargets = {
    length: L,
    meOnOff: new Int32Array(L).fill(2),
    maeOnOff: new Int32Array(L).fill(2),
    meApex: new Float32Array(L),
    maeApex: new Float32Array(L),
    meAction: new Float32Array(L),
    maeAction: new Float32Array(L),
    contrast: new Int32Array(L),
  };
  spreadClass(t.meOnOff, rows, 0, 0, o.meRange);
  spreadClass(t.meOnOff, rows, 2, 1, o.meRange);
  spreadClass(t.maeOnOff, rows, 4, 0, o.maeRange);
  spreadClass(t.maeOnOff, rows, 6, 1, o.maeRange);
  spreadApex(t.meApex, rows, 1, o.meApexRange, o);
  spreadApex(t.maeApex, rows, 5, o.maeApexRange, o);
  for (let i = 0; i < L; i++) {
    if (rows[i * LABEL_COLUMNS + 3] === 1) {
      t.meAction[i] = 1;
      t.contrast[i] = 2;
    }
  }
  for (let i = 0; i < L; i++) {
    if (rows[i * LABEL_COLUMNS + 7] === 1) {
      t.maeAction[i] = 1;
      t.contrast[i] = 1;
    }
  }
  return t;
}

/**
 * Targets of a whole video of T frames: {@link buildFrameLabels} then {@link targetsFromLabels} over all
 * T rows. (Training on official segments builds targets per segment instead; see `sampling.ts`.)
 *
 * @example
 * ```ts
 * const { targets } = buildTargets([{ type: "MaE", onset: 3, apex: 6, offset: 9 }], 12);
 * targets.maeOnOff[0]; // 0 (within 3 frames of the onset)
 * ```
 */
export function buildTargets(
  events: readonly ExpressionEvent[],
  T: number,
  options: Partial<TargetOptions> & { video?: string } = {},
): { targets: FrameTargets; warnings: string[] } {
  const { video, ...rest } = options;
  const { labels, warnings } = buildFrameLabels(events, T, { video });
  return { targets: targetsFromLabels(labels, rest), warnings };
}

/** Concatenates targets of several ranges (e.g. the segments of one batch) in order. */
export function concatTargets(parts: readonly FrameTargets[]): FrameTargets {
  const L = parts.reduce((a, p) => a + p.length, 0);
  const out: FrameTargets = {
    length: L,
    meOnOff: new Int32Array(L),
    maeOnOff: new Int32Array(L),
    meApex: new Float32Array(L),
    maeApex: new Float32Array(L),
    meAction: new Float32Array(L),
    maeAction: new Float32Array(L),
    contrast: new Int32Array(L),
  };
  let at = 0;
  for (const p of parts) {
    for (const k of ["meOnOff", "maeOnOff", "meApex", "maeApex", "meAction", "maeAction", "contrast"] as const) {
      (out[k] as Int32Array | Float32Array).set(p[k] as Int32Array & Float32Array, at);
    }
    at += p.length;
  }
  return out;
}
