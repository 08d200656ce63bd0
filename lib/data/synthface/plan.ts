/**
 * Event plan of one SynthFace video: expressions (ME 0.2–0.45 s with 0.5–2 px, MaE 0.6–3 s with
 * 3–6 px local displacement at brows and/or mouth corners), eye blinks and quick head turns (labelled
 * irrelevant motion) placed without overlap and away from the video ends, and a slow head drift.
 *
 * @module
 */
import type { ExpressionEvent, ExpressionType } from "../types.ts";
import type { SynthFaceOptions } from "./options.ts";
import { hashSeed, Rng } from "./prng.ts";
import type { SynthSubject } from "./face.ts";

/** Moving facial region of an action. */
export type SynthRegion = "brow" | "mouth";
/** The subject's side (FACS convention): the subject's right is the image left (landmarks 17-21, 48). */
export type SynthSide = "right" | "left";

/** One Gaussian displacement bump of an expression: its centre landmark moves by exactly (dx, dy) at apex. */
export interface SynthAction {
  region: SynthRegion;
  side: SynthSide;
  /** Landmark at the bump's centre (19/24 for brows, 48/54 for mouth corners). */
  landmark: number;
  /** Displacement of that landmark at apex, pixels. */
  dx: number;
  dy: number;
  /** Spatial standard deviation of the bump, pixels. */
  sigma: number;
}

/** A planned expression: the annotation plus its actions and amplitude (pixels at apex). */
export interface SynthExpression extends ExpressionEvent {
  au: string;
  amplitude: number;
  actions: SynthAction[];
}

/** A planned eye blink; lids are fully closed to `closure` at `apex`. */
export interface SynthBlink {
  onset: number;
  apex: number;
  offset: number;
  closure: number;
}

/** A quick head turn: the head moves by (dx, dy, angle) at `apex` and comes back by `offset`. */
export interface SynthHeadTurn {
  onset: number;
  apex: number;
  offset: number;
  dx: number;
  dy: number;
  /** Rotation in radians about the face centre. */
  angle: number;
}

/**
 * A non-expression facial movement (speech-like mouth opening): Gaussian bumps like an expression's, never
 * annotated; listed as irrelevant motion.
 */
export interface SynthMove {
  onset: number;
  apex: number;
  offset: number;
  actions: SynthAction[];
}

/** One sinusoidal component of the slow head drift. */
export interface SynthDrift {
  ax: number;
  ay: number;
  angle: number;
  /** Frequency in cycles per frame. */
  freq: number;
  phase: number;
}

/** Everything that happens in one video, frame indices 0-based and inclusive. */
export interface SynthVideoPlan {
  subject: string;
  video: string;
  fps: number;
  frameCount: number;
  /** Seed of the per-frame sensor noise. */
  noiseSeed: number;
  events: SynthExpression[];
  blinks: SynthBlink[];
  turns: SynthHeadTurn[];
  /** Non-expression facial movements (empty unless `mouthMovesPerVideo` > 0). */
  moves: SynthMove[];
  drift: SynthDrift[];
}

/** Action units SynthFace simulates: region and apex direction for the subject's right side (image left). */
const AUS = {
  AU4: { region: "brow", dir: [0.35, 0.94] }, // brow lowerer: down and inward
  AU2: { region: "brow", dir: [0, -1] }, // brow raiser
  AU12: { region: "mouth", dir: [-0.55, -0.83] }, // lip corner puller: up and outward
  AU15: { region: "mouth", dir: [-0.2, 0.98] }, // lip corner depressor: down
} as const satisfies Record<string, { region: SynthRegion; dir: readonly [number, number] }>;
type Au = keyof typeof AUS;

/** Macro-expression patterns (always both sides). */
const MAE_PATTERNS: readonly (readonly Au[])[] = [["AU4"], ["AU2"], ["AU12"], ["AU4", "AU15"], ["AU2", "AU12"]];

/** Duration range in seconds (inclusive frame count / fps) and amplitude range in pixels per type. */
export const EVENT_RANGES = Object.freeze(
  {
    ME: { seconds: [0.2, 0.45], px: [0.5, 2] },
    MaE: { seconds: [0.6, 3], px: [3, 6] },
  } as const satisfies Record<ExpressionType, { seconds: readonly number[]; px: readonly number[] }>,
);

/** Frame count in [lo·fps, hi·fps] (at least `min`), uniform. */
function frames(rng: Rng, fps: number, lo: number, hi: number, min = 3): number {
  const a = Math.max(min, Math.ceil(lo * fps - 1e-9));
  const b = Math.max(a, Math.floor(hi * fps + 1e-9));
  return rng.int(a, b);
}

function action(subject: SynthSubject, au: Au, side: SynthSide, amplitude: number): SynthAction {
  const { region, dir } = AUS[au];
  const mirror = side === "left" ? -1 : 1;
  const norm = Math.hypot(dir[0], dir[1]);
  const landmark = region === "brow" ? (side === "right" ? 19 : 24) : side === "right" ? 48 : 54;
  const base = region === "brow" ? 0.45 : 0.32;
  return {
    region,
    side,
    landmark,
    dx: (amplitude * mirror * dir[0]) / norm,
    dy: (amplitude * dir[1]) / norm,
    sigma: Math.max(base * subject.unit, amplitude),
  };
}

function expression(rng: Rng, subject: SynthSubject, type: ExpressionType, fps: number): SynthExpression {
  const r = EVENT_RANGES[type];
  const n = frames(rng, fps, r.seconds[0], r.seconds[1]);
  const amplitude = rng.uniform(r.px[0], r.px[1]);
  const apex = Math.min(n - 2, Math.max(1, Math.round(rng.uniform(0.3, 0.6) * (n - 1))));
  let aus: readonly Au[];
  let sides: SynthSide[] = ["right", "left"];
  let prefix = "";
  if (type === "MaE") aus = rng.pick(MAE_PATTERNS);
  else {
    aus = [rng.pick(Object.keys(AUS) as Au[])];
    if (rng.chance(0.6)) {
      sides = [rng.pick(["right", "left"] as const)];
      prefix = sides[0] === "left" ? "L" : "R";
    }
  }
  const actions = aus.flatMap((au) => sides.map((s) => action(subject, au, s, amplitude)));
  return { type, onset: 0, apex, offset: n - 1, au: aus.map((a) => prefix + a).join("+"), amplitude, actions };
}

/**
 * A speech-like mouth opening: the lower lip (landmark 57) moves down by 1–3 px over 0.25–1 s, a wide bump that
 * also pulls the mouth corners a little; drawn only when `mouthMovesPerVideo` > 0, so plans without it are unchanged.
 */
function mouthMove(rng: Rng, subject: SynthSubject, fps: number): SynthMove {
  const n = frames(rng, fps, 0.25, 1);
  const amplitude = rng.uniform(1, 3);
  const apex = Math.min(n - 2, Math.max(1, Math.round(rng.uniform(0.3, 0.6) * (n - 1))));
  const sigma = Math.max(0.4 * subject.unit, amplitude);
  return {
    onset: 0,
    apex,
    offset: n - 1,
    actions: [{ region: "mouth", side: "right", landmark: 57, dx: 0, dy: amplitude, sigma }],
  };
}

/**
 * Plans video `videoIndex` of `subject`: draws every event, then places them (longest first) at
 * random non-overlapping positions with a gap of 0.3 s and `marginSeconds` free at both ends.
 * Throws a RangeError when they do not fit in the video.
 */
export function planVideo(subject: SynthSubject, videoIndex: number, options: SynthFaceOptions): SynthVideoPlan {
  const { fps, seed } = options;
  const rng = new Rng(hashSeed(seed, 0x91a7, subject.textureSeed, videoIndex));
  const frameCount = Math.round(options.durationSeconds * fps);
  const video = `${subject.id}_${videoIndex + 1}`;
  const scale = Math.min(subject.width, subject.height) / 128;
  type Item = { onset: number; apex: number; offset: number };
  const exprs: SynthExpression[] = [];
  for (let k = 0; k < options.maePerVideo; k++) exprs.push(expression(rng, subject, "MaE", fps));
  for (let k = 0; k < options.mePerVideo; k++) exprs.push(expression(rng, subject, "ME", fps));
  const turns: SynthHeadTurn[] = [];
  for (let k = 0; k < options.headTurnsPerVideo; k++) {
    const n = frames(rng, fps, 0.4, 1.0);
    turns.push({
      onset: 0,
      apex: Math.round((n - 1) / 2),
      offset: n - 1,
      dx: (rng.chance(0.5) ? -1 : 1) * rng.uniform(2, 5) * scale,
      dy: rng.uniform(-1.5, 1.5) * scale,
      angle: ((rng.chance(0.5) ? -1 : 1) * rng.uniform(1.5, 4) * Math.PI) / 180,
    });
  }
  const blinks: SynthBlink[] = [];
  const nBlinks = options.blinkEverySeconds > 0 ? Math.round(options.durationSeconds / options.blinkEverySeconds) : 0;
  for (let k = 0; k < nBlinks; k++) {
    const n = frames(rng, fps, 0.15, 0.3);
    blinks.push({
      onset: 0,
      apex: Math.max(1, Math.round(0.4 * (n - 1))),
      offset: n - 1,
      closure: rng.uniform(0.85, 1),
    });
  }
  const moves: SynthMove[] = [];
  for (let k = 0; k < options.mouthMovesPerVideo; k++) moves.push(mouthMove(rng, subject, fps));
  const items: Item[] = [...exprs, ...turns, ...blinks, ...moves];
  const order = items.map((_, i) => i).sort((a, b) => items[b].offset - items[a].offset || a - b);
  const margin = Math.round(options.marginSeconds * fps);
  const gap = Math.max(1, Math.round(0.3 * fps));
  const placed: [number, number][] = [];
  for (const i of order) {
    const it = items[i];
    const len = it.offset + 1;
    const lo = margin, hi = frameCount - margin - len;
    let at = -1;
    for (let attempt = 0; attempt < 1000 && hi >= lo; attempt++) {
      const s = rng.int(lo, hi);
      if (placed.every(([a, b]) => s + len - 1 + gap < a || s > b + gap)) {
        at = s;
        break;
      }
    }
    if (at < 0) {
      throw new RangeError(
        `synth: cannot place ${items.length} events (expressions ${exprs.length}, head turns ${turns.length}, ` +
          `blinks ${blinks.length}, mouth movements ${moves.length}) in a ${options.durationSeconds} s video; raise ` +
          `durationSeconds or lower mePerVideo/maePerVideo/headTurnsPerVideo/mouthMovesPerVideo, or raise ` +
          `blinkEverySeconds`,
      );
    }
    placed.push([at, at + len - 1]);
    it.onset += at;
    it.apex += at;
    it.offset += at;
  }
  const byOnset = <T extends Item>(a: T, b: T) => a.onset - b.onset;
  const drift: SynthDrift[] = [];
  for (let k = 0; k < 2; k++) {
    drift.push({
      ax: options.headDriftPx * rng.uniform(0.3, 0.6) * (rng.chance(0.5) ? -1 : 1),
      ay: options.headDriftPx * rng.uniform(0.2, 0.4) * (rng.chance(0.5) ? -1 : 1),
      angle: (options.headDriftPx * rng.uniform(0.2, 0.5) * Math.PI) / 180,
      freq: rng.uniform(0.03, 0.12) / fps,
      phase: rng.uniform(0, 2 * Math.PI),
    });
  }
  return {
    subject: subject.id,
    video,
    fps,
    frameCount,
    noiseSeed: hashSeed(seed, 0x401e, subject.textureSeed, videoIndex),
    events: exprs.sort(byOnset),
    blinks: blinks.sort(byOnset),
    turns: turns.sort(byOnset),
    moves: moves.sort(byOnset),
    drift,
  };
}
