/**
 * Small deterministic training fixtures: random features of a few subjects written as `.npy` files.
 *
 * @module
 */
import { writeNpy } from "../../lib/io/npy.ts";
import type { TrainRecord } from "../../lib/train/train_fold.ts";

/** Window and ROI count of the fixtures (a short window keeps the tiny model fast). */
export const W = 9, R = 10;

/** Deterministic pseudo-random floats in [-1, 1). */
export function noise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Writes `subjects × videosPer` videos of `frames` frames to `<dir>/<subject>/<video>.npy` and returns their
 * records: each video has one ME and one MaE event.
 */
export async function writeFixture(
  dir: string,
  subjects: string[],
  frames = 40,
  videosPer = 1,
): Promise<TrainRecord[]> {
  const recs: TrainRecord[] = [];
  let seed = 1;
  for (const s of subjects) {
    await Deno.mkdir(`${dir}/${s}`, { recursive: true });
    for (let k = 0; k < videosPer; k++) {
      const video = `${s}_${k + 1}`;
      await writeNpy(`${dir}/${s}/${video}.npy`, noise(frames * W * R * 2, seed++), [frames, W, R, 2]);
      recs.push({
        subject: s,
        video,
        events: [
          { type: "ME", onset: 4, apex: 7, offset: 10 },
          { type: "MaE", onset: 20, apex: 26, offset: 33 },
        ],
      });
    }
  }
  return recs;
}
