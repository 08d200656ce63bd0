/**
 * Motion model of SynthFace for one frame: local Gaussian displacement bumps (expressions), lid
 * closure (blinks) and a rigid head transform (drift + quick turns). The image warp is a backward
 * map `source(p) = B(H⁻¹(p))` with `B(q) = q − Σ w·exp(−|q − (c + s·d)|² / 2σ²)` and weights `w ≈ s·d`
 * solved so that every bump's centre landmark `c` lands exactly on `c + s·d`; every other landmark is moved by solving
 * `L' = L + Σ s·d·g(L')` by fixed-point iteration (converges since σ ≥ amplitude keeps the field's
 * Lipschitz constant ≤ 0.61), so landmarks and pixels follow the same field.
 *
 * @module
 */
import type { SynthSubject } from "./face.ts";
import type { SynthVideoPlan } from "./plan.ts";

/**
 * One active displacement bump: destination centre (cx, cy), weight (dx, dy) (equal to the centre's
 * displacement unless re-weighted for overlapping bumps), width sigma.
 */
export interface Bump {
  cx: number;
  cy: number;
  dx: number;
  dy: number;
  sigma: number;
}

/** Rigid head pose: rotation `angle` about (ox, oy) followed by translation (tx, ty). */
export interface HeadPose {
  angle: number;
  ox: number;
  oy: number;
  tx: number;
  ty: number;
}

/** The motion state of one frame. */
export interface FrameMotion {
  bumps: Bump[];
  head: HeadPose;
  /** Lid closure in [0, 1] of the subject's right and left eye (1 = closed). */
  closure: [number, number];
}

/**
 * Temporal profile of an event at frame `f`: 0 outside `[onset, offset]`, raised-cosine rise to 1 at
 * `apex`, raised-cosine fall back to 0 at `offset`.
 */
export function profile(f: number, onset: number, apex: number, offset: number): number {
  if (f <= onset || f >= offset) return f === apex ? 1 : 0;
  if (f <= apex) return 0.5 - 0.5 * Math.cos((Math.PI * (f - onset)) / Math.max(1, apex - onset));
  return 0.5 + 0.5 * Math.cos((Math.PI * (f - apex)) / Math.max(1, offset - apex));
}

/**
 * Re-weights overlapping bumps so that each centre landmark still moves by exactly its own (dx, dy):
 * solves `Σ_k w_k g_k(c_j) = d_j` (a small, diagonally dominant system) by Gaussian elimination.
 */
function exactCentres(bumps: Bump[]): void {
  const n = bumps.length;
  const k = bumps.map((bj) =>
    bumps.map((bk) => Math.exp(-((bj.cx - bk.cx) ** 2 + (bj.cy - bk.cy) ** 2) / (2 * bk.sigma * bk.sigma)))
  );
  const rhs = bumps.map((b) => [b.dx, b.dy]);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const m = k[r][c] / k[c][c];
      for (let j = c; j < n; j++) k[r][j] -= m * k[c][j];
      rhs[r][0] -= m * rhs[c][0];
      rhs[r][1] -= m * rhs[c][1];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let wx = rhs[r][0], wy = rhs[r][1];
    for (let j = r + 1; j < n; j++) {
      wx -= k[r][j] * bumps[j].dx;
      wy -= k[r][j] * bumps[j].dy;
    }
    bumps[r].dx = wx / k[r][r];
    bumps[r].dy = wy / k[r][r];
  }
}

/** Motion of frame `f` of a planned video. */
export function motionAt(subject: SynthSubject, plan: SynthVideoPlan, f: number): FrameMotion {
  const base = subject.landmarks;
  const bumps: Bump[] = [];
  for (const ev of [...plan.events, ...plan.moves]) {
    if (f <= ev.onset || f >= ev.offset) continue;
    const s = profile(f, ev.onset, ev.apex, ev.offset);
    for (const a of ev.actions) {
      const dx = s * a.dx, dy = s * a.dy;
      bumps.push({ cx: base[2 * a.landmark] + dx, cy: base[2 * a.landmark + 1] + dy, dx, dy, sigma: a.sigma });
    }
  }
  if (bumps.length > 1) exactCentres(bumps);
  let tx = 0, ty = 0, angle = 0;
  for (const d of plan.drift) {
    const w = Math.sin(2 * Math.PI * d.freq * f + d.phase);
    tx += d.ax * w;
    ty += d.ay * Math.cos(2 * Math.PI * d.freq * f + d.phase);
    angle += d.angle * w;
  }
  for (const t of plan.turns) {
    const s = profile(f, t.onset, t.apex, t.offset);
    tx += s * t.dx;
    ty += s * t.dy;
    angle += s * t.angle;
  }
  let closure = 0;
  for (const b of plan.blinks) closure = Math.max(closure, b.closure * profile(f, b.onset, b.apex, b.offset));
  const { cx: ox, cy: oy } = subject.ellipse;
  return { bumps, head: { angle, ox, oy, tx, ty }, closure: [closure, closure] };
}

/**
 * Lid positions of a (partly) closed eye: upper (37, 38 / 43, 44) and lower (40, 41 / 46, 47) lid
 * landmarks move towards a line just below the eye corners. Returns a new array.
 */
export function applyBlink(landmarks: Float64Array, closure: readonly [number, number]): Float64Array {
  const out = landmarks.slice();
  [[36, 37, 38, 39, 40, 41], [42, 43, 44, 45, 46, 47]].forEach((eye, k) => {
    const c = closure[k];
    if (c <= 0) return;
    const cornerY = (landmarks[2 * eye[0] + 1] + landmarks[2 * eye[3] + 1]) / 2;
    const lidH = (landmarks[2 * eye[4] + 1] - landmarks[2 * eye[1] + 1]) / 2;
    const closedY = cornerY + 0.35 * lidH;
    for (const i of [eye[1], eye[2], eye[4], eye[5]]) out[2 * i + 1] += c * (closedY - out[2 * i + 1]);
  });
  return out;
}

/** Sum of bump displacements at (x, y) (forward sense: how far content at (x, y) has moved). */
export function bumpField(bumps: readonly Bump[], x: number, y: number): [number, number] {
  let ux = 0, uy = 0;
  for (const b of bumps) {
    const ex = x - b.cx, ey = y - b.cy;
    const r2 = ex * ex + ey * ey;
    if (r2 > 25 * b.sigma * b.sigma) continue; // beyond 5σ the bump is < 4e-6 of its amplitude
    const g = Math.exp(-r2 / (2 * b.sigma * b.sigma));
    ux += b.dx * g;
    uy += b.dy * g;
  }
  return [ux, uy];
}

/** Applies the head pose to a face-space point. */
export function headForward(h: HeadPose, x: number, y: number): [number, number] {
  const c = Math.cos(h.angle), s = Math.sin(h.angle);
  const rx = x - h.ox, ry = y - h.oy;
  return [c * rx - s * ry + h.ox + h.tx, s * rx + c * ry + h.oy + h.ty];
}

/**
 * Landmarks of a frame `(68, 2)` as float32 `[x0, y0, …]`: neutral → blink → local bumps (exact
 * inverse of the image warp) → head pose.
 */
export function frameLandmarks(subject: SynthSubject, motion: FrameMotion): Float32Array {
  const lm = applyBlink(subject.landmarks, motion.closure);
  const out = new Float32Array(136);
  for (let i = 0; i < 68; i++) {
    const x0 = lm[2 * i], y0 = lm[2 * i + 1];
    let x = x0, y = y0;
    for (let it = 0; it < 100 && motion.bumps.length; it++) {
      const [ux, uy] = bumpField(motion.bumps, x, y);
      const nx = x0 + ux, ny = y0 + uy;
      const done = Math.abs(nx - x) + Math.abs(ny - y) < 1e-10;
      x = nx;
      y = ny;
      if (done) break;
    }
    const [hx, hy] = headForward(motion.head, x, y);
    out[2 * i] = hx;
    out[2 * i + 1] = hy;
  }
  return out;
}
