/**
 * Options of proposal generation and NMS (paper §3.4; official `post_process.py`, `config.yaml`).
 *
 * @module
 */
import type { ExpressionType } from "../data/types.ts";

/** Options of {@link generateProposals}. Search distances derive from average and minimum durations. */
export interface ProposalOptions {
  /** Apex threshold θ for ME (`micro_apex_score_threshold`). @default 0.5 */
  meThreshold: number;
  /** Apex threshold θ for MaE (`macro_apex_score_threshold`). @default 0.5 */
  maeThreshold: number;
  /** Apex candidates need `P(apex) > θ` when true (official), `≥ θ` when false. @default true */
  strictThreshold: boolean;
  /** Average ME duration in frames (`micro_average_len`); STEP = avg // 2. @default 16 */
  meAverageLen: number;
  /** Minimum ME duration in frames (`micro_min`); EX_MIN = min // 2. @default 5 */
  meMinLen: number;
  /** Average MaE duration in frames (`macro_average_len`). @default 59 */
  maeAverageLen: number;
  /** Minimum MaE duration in frames (`macro_min`). @default 16 */
  maeMinLen: number;
  /** Explicit ME STEP (largest apex distance searched); `null` derives it. @default null */
  meStep: number | null;
  /** Explicit ME EX_MIN (smallest apex distance searched); `null` derives it. @default null */
  meExMin: number | null;
  /** Explicit MaE STEP; `null` derives it. @default null */
  maeStep: number | null;
  /** Explicit MaE EX_MIN; `null` derives it. @default null */
  maeExMin: number | null;
  /** Expression types to spot. @default ["ME", "MaE"] */
  types: readonly ExpressionType[];
}

/** Official defaults (identical for CAS(ME)², SAMM and CAS(ME)³). */
export const DEFAULT_PROPOSALS: Readonly<ProposalOptions> = Object.freeze({
  meThreshold: 0.5,
  maeThreshold: 0.5,
  strictThreshold: true,
  meAverageLen: 16,
  meMinLen: 5,
  maeAverageLen: 59,
  maeMinLen: 16,
  meStep: null,
  meExMin: null,
  maeStep: null,
  maeExMin: null,
  types: Object.freeze(["ME", "MaE"]) as readonly ExpressionType[],
});

/** Options of {@link nms}. */
export interface NmsOptions {
  /** Proposals with IoU strictly above this against a kept one are suppressed. @default 0.5 */
  iouThreshold: number;
  /** Maximum kept proposals per (video, type) (`nms_top_K`). @default 5 */
  topK: number;
}

/** Official NMS defaults. */
export const DEFAULT_NMS: Readonly<NmsOptions> = Object.freeze({ iouThreshold: 0.5, topK: 5 });

/** Search window of one type: distances `exMin..step` from the apex (inclusive). */
export interface SearchRange {
  step: number;
  exMin: number;
}

function checkKeys(partial: object, allowed: object, what: string): void {
  for (const k of Object.keys(partial)) {
    if (!(k in allowed)) {
      throw new TypeError(`${what}: unknown option "${k}"; known options: ${Object.keys(allowed).join(", ")}`);
    }
  }
}

/** `partial` without keys whose value is `undefined` (they fall back to the defaults). */
function defined<T extends object>(partial: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkProb(v: unknown, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${String(v)}`);
  }
}

function checkInt(v: unknown, name: string, min: number, nullable = false): void {
  if (nullable && v === null) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}${nullable ? " or null" : ""}, got ${String(v)}`);
  }
}

/**
 * Merges `partial` over {@link DEFAULT_PROPOSALS} (undefined values keep the default) and validates
 * it. Unknown keys raise `TypeError`; out-of-range values (thresholds outside [0, 1], lengths < 1,
 * EX_MIN > STEP) raise `RangeError`.
 *
 * @example
 * ```ts
 * resolveProposals({ meThreshold: 0.6 }).meThreshold; // 0.6
 * ```
 */
export function resolveProposals(partial: Partial<ProposalOptions> = {}): ProposalOptions {
  checkKeys(partial, DEFAULT_PROPOSALS, "proposal options");
  const o: ProposalOptions = { ...DEFAULT_PROPOSALS, ...defined(partial) };
  checkProb(o.meThreshold, "meThreshold");
  checkProb(o.maeThreshold, "maeThreshold");
  if (typeof o.strictThreshold !== "boolean") throw new TypeError("strictThreshold must be a boolean");
  for (const k of ["meAverageLen", "meMinLen", "maeAverageLen", "maeMinLen"] as const) checkInt(o[k], k, 1);
  for (const k of ["meStep", "meExMin", "maeStep", "maeExMin"] as const) checkInt(o[k], k, 1, true);
  if (!Array.isArray(o.types) || o.types.length === 0 || o.types.some((t) => t !== "ME" && t !== "MaE")) {
    throw new RangeError(`types must be a non-empty list of "ME"/"MaE", got ${JSON.stringify(o.types)}`);
  }
  for (const t of ["ME", "MaE"] as const) {
    const r = searchRange(o, t);
    if (r.exMin > r.step) {
      throw new RangeError(
        `${t} search range is empty: EX_MIN ${r.exMin} > STEP ${r.step}; lower EX_MIN or raise STEP`,
      );
    }
  }
  return { ...o, types: [...o.types] };
}

/**
 * The onset/offset search distances of a type: `STEP = avgLen // 2`, `EX_MIN = minLen // 2` unless
 * overridden (official §6.1: ME 2..8, MaE 8..29).
 */
export function searchRange(o: ProposalOptions, type: ExpressionType): SearchRange {
  return type === "ME"
    ? { step: o.meStep ?? Math.floor(o.meAverageLen / 2), exMin: o.meExMin ?? Math.floor(o.meMinLen / 2) }
    : { step: o.maeStep ?? Math.floor(o.maeAverageLen / 2), exMin: o.maeExMin ?? Math.floor(o.maeMinLen / 2) };
}

/** Merges `partial` over {@link DEFAULT_NMS}; `iouThreshold` must lie in [0, 1], `topK` be an integer ≥ 1. */
export function resolveNms(partial: Partial<NmsOptions> = {}): NmsOptions {
  checkKeys(partial, DEFAULT_NMS, "NMS options");
  const o: NmsOptions = { ...DEFAULT_NMS, ...defined(partial) };
  checkProb(o.iouThreshold, "iouThreshold");
  checkInt(o.topK, "topK", 1);
  return o;
}
