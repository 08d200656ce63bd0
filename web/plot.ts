/// <reference lib="dom" />
/**
 * The live plot: ME/MaE apex and action probabilities of the last frames, the apex threshold, closed proposals as
 * shaded spans. Plain canvas 2D (redrawn per window).
 *
 * @module
 */
import type { Proposal } from "../lib/postproc/mod.ts";

/** Series drawn: probability column, label, colour. */
export const SERIES = [
  { col: 6, label: "ME apex", color: "#d62728" },
  { col: 7, label: "MaE apex", color: "#1f77b4" },
  { col: 8, label: "ME action", color: "#ff9896" },
  { col: 9, label: "MaE action", color: "#aec7e8" },
] as const;

/** Draws the last `span` frames of `probs` (`T × 10`). */
export function drawPlot(
  canvas: HTMLCanvasElement,
  probs: Float32Array,
  T: number,
  threshold: number,
  proposals: readonly Proposal[],
  span = 300,
): void {
  const ctx = canvas.getContext("2d")!;
  const W = canvas.width, H = canvas.height, left = 40, right = 10, top = 24, bottom = 22;
  const pw = W - left - right, ph = H - top - bottom;
  span = Math.min(span, Math.max(T, 60));
  const t0 = Math.max(0, T - span);
  const x = (t: number) => left + ((t - t0) / Math.max(1, span - 1)) * pw;
  const y = (p: number) => top + (1 - p) * ph;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  for (const p of proposals) {
    if (p.offset < t0) continue;
    ctx.fillStyle = p.type === "ME" ? "rgba(214,39,40,0.15)" : "rgba(31,119,180,0.15)";
    ctx.fillRect(x(Math.max(t0, p.onset)), top, x(p.offset) - x(Math.max(t0, p.onset)) + 1, ph);
  }
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, pw, ph);
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  for (const v of [0, 0.5, 1]) ctx.fillText(v.toFixed(1), 8, y(v) + 4);
  ctx.fillText(`frame ${t0}`, left, H - 6);
  ctx.fillText(`${t0 + span - 1}`, W - right - 30, H - 6);
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = "#000";
  ctx.beginPath();
  ctx.moveTo(left, y(threshold));
  ctx.lineTo(left + pw, y(threshold));
  ctx.stroke();
  ctx.setLineDash([]);
  let lx = left;
  for (const s of SERIES) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.col < 8 ? 2 : 1;
    ctx.beginPath();
    for (let t = t0; t < T; t++) {
      const v = probs[t * 10 + s.col];
      if (t === t0) ctx.moveTo(x(t), y(v));
      else ctx.lineTo(x(t), y(v));
    }
    ctx.stroke();
    ctx.fillStyle = s.color;
    ctx.fillRect(lx, 8, 10, 8);
    ctx.fillStyle = "#333";
    ctx.fillText(s.label, lx + 13, 16);
    lx += 90;
  }
  ctx.fillText(`threshold ${threshold.toFixed(2)}`, lx, 16);
}
