/**
 * SW-MRO features of several window sizes from one extraction. Window i of size w takes the flows from its first
 * frame a = clamp(i − ⌊w/2⌋) to the frames clamp(a + s − 1) for s = 1..w (`windowPairs`); the window of the largest
 * size W at row i + ⌊W/2⌋ − ⌊w/2⌋ starts at the same frame and its first w steps are exactly those flows. So one
 * extraction at W, padded by ⌊W/2⌋ − ⌊w_min/2⌋ windows past the end (`extractDataset`'s `padEnd`), holds every
 * smaller window bit for bit: (W − 1) flows per frame instead of Σ (w − 1) over the sizes (Table 4 sweeps 7 sizes:
 * 24 flows per frame instead of 110). Only for the `sw-mro` strategy, whose pairs depend on the first frame alone.
 *
 * @module
 */
import type { Dataset, FeatureArray } from "../data/types.ts";
import { readNpy, writeNpy } from "../io/npy.ts";
import { type DatasetExtractOptions, extractDataset } from "./dataset.ts";
import type { FlowOptionsInput } from "./options.ts";

/**
 * Features of window size `w` for a video of `n` frames, read off padded features of size W `(n + pad, W, R, 2)`
 * (pad ≥ ⌊W/2⌋ − ⌊w/2⌋). Returns `(n, w, R, 2)`.
 * @throws RangeError when `w` is even, larger than W, or the padding is too short.
 */
export function deriveWindow(padded: FeatureArray, n: number, w: number): FeatureArray {
  const [rows, W, R] = padded.shape;
  const d = (W >> 1) - (w >> 1);
  if (w % 2 !== 1 || w > W) throw new RangeError(`deriveWindow: window ${w} must be odd and at most ${W}`);
  if (rows < n + d) {
    throw new RangeError(
      `deriveWindow: window ${w} needs ${d} padded rows past frame ${n}, the features have ${rows - n}`,
    );
  }
  const step = R * 2;
  const out = new Float32Array(n * w * step);
  for (let i = 0; i < n; i++) {
    const src = (i + d) * W * step;
    out.set(padded.data.subarray(src, src + w * step), i * w * step);
  }
  return { data: out, shape: [n, w, R, 2] };
}

/** Options of {@link extractWindows}. */
export type MultiWindowOptions = Omit<FlowOptionsInput, "window" | "strategy"> & Omit<DatasetExtractOptions, "padEnd">;

/**
 * Extracts SW-MRO features of every window size in `dirs` (size → features folder) with one extraction at the largest
 * size into `scratch` (kept, so an interrupted run resumes per video), then writes each size's
 * `<dir>/<subject>/<video>.npy` and its sidecar (the extraction's, with the size's window and shape, and
 * `derivedFrom` naming the padded extraction).
 */
export async function extractWindows(
  ds: Dataset,
  dirs: ReadonlyMap<number, string>,
  scratch: string,
  options: MultiWindowOptions = {},
): Promise<void> {
  const sizes = [...dirs.keys()].sort((a, b) => a - b);
  if (sizes.length === 0) return;
  const W = sizes[sizes.length - 1];
  const pad = (W >> 1) - (sizes[0] >> 1);
  const results = await extractDataset(ds, scratch, { ...options, strategy: "sw-mro", window: W, padEnd: pad });
  for (const r of results) {
    const base = `${scratch}/${r.subject}/${r.video}`;
    const padded = await readNpy(`${base}.npy`);
    const side = JSON.parse(await Deno.readTextFile(`${base}.json`));
    const n = padded.shape[0] - pad;
    for (const w of sizes) {
      const f = deriveWindow({ data: padded.data, shape: padded.shape as [number, number, number, 2] }, n, w);
      const dir = `${dirs.get(w)}/${r.subject}`;
      await Deno.mkdir(dir, { recursive: true });
      await writeNpy(`${dir}/${r.video}.npy`, f.data, f.shape);
      const sidecar = {
        ...side,
        shape: f.shape,
        options: { ...side.options, window: w },
        hash: `${side.hash}|window ${w}`,
        derivedFrom: { window: W, padEnd: pad, hash: side.hash },
      };
      await Deno.writeTextFile(`${dir}/${r.video}.json`, JSON.stringify(sidecar, null, 1) + "\n");
    }
  }
}
