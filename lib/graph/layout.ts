/**
 * The facial graph of SpotFormer (paper §3.2, Fig. 3 and Fig. 4b): ROI nodes placed at 68-point iBUG landmarks,
 * grouped into facial parts. The same layout names the nodes of the features (`(N, w, R, 2)`), the parts the
 * Facial Local Graph Pooling pools, and the labels figures and notebooks print.
 *
 * `spotformer-10` is ABPN's 12 ROIs with the nose dropped (official `abfcm.py:297`); `abpn-12` keeps them
 * (ABPN/AUW `tools.py:180-249`). "L" and "R" are image left and right.
 *
 * @module
 */

/** ROI layout names. */
export const ROI_LAYOUT_NAMES = ["spotformer-10", "abpn-12"] as const;

/** ROI layout: `spotformer-10` (brows + mouth, parts 3+3+4) or `abpn-12` (with nose 28, 30). */
export type RoiLayout = typeof ROI_LAYOUT_NAMES[number];

/** A layout: nodes (landmark index and name of each ROI) and facial parts (consecutive node counts and names). */
export interface RoiLayoutSpec {
  /** 0-based iBUG landmark index of each ROI centre, R entries in node order. */
  landmarks: readonly number[];
  /** Node counts of the facial parts, in node order (e.g. `[3, 3, 4]`); they sum to R. */
  parts: readonly number[];
  /** Name of each node (R entries). */
  names: readonly string[];
  /** Name of each facial part (one per `parts` entry). */
  partNames: readonly string[];
}

const BROWS = ["brow L1", "brow L2", "brow L3", "brow R1", "brow R2", "brow R3"];
const MOUTH = ["mouth L", "mouth top", "mouth R", "mouth bottom"];

/** The ROI layouts. */
export const ROI_LAYOUTS: Readonly<Record<RoiLayout, RoiLayoutSpec>> = Object.freeze({
  "spotformer-10": {
    landmarks: [18, 19, 20, 23, 24, 25, 48, 51, 54, 57],
    parts: [3, 3, 4],
    names: [...BROWS, ...MOUTH],
    partNames: ["brow L", "brow R", "mouth"],
  },
  "abpn-12": {
    landmarks: [18, 19, 20, 23, 24, 25, 28, 30, 48, 51, 54, 57],
    parts: [3, 3, 2, 4],
    names: [...BROWS, "nose bridge", "nose tip", ...MOUTH],
    partNames: ["brow L", "brow R", "nose", "mouth"],
  },
});

/** Number of ROI nodes R of a layout. */
export function nodeCount(layout: RoiLayout): number {
  return ROI_LAYOUTS[layout].landmarks.length;
}

/**
 * Node index ranges `[start, end)` of consecutive parts — the FLGP pooling groups (official `GraphDownsample`,
 * `model.py:230-262`), e.g. `[3, 3, 4]` → `[[0,3],[3,6],[6,10]]`.
 */
export function partRanges(parts: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (const p of parts) {
    out.push([s, s + p]);
    s += p;
  }
  return out;
}

/** Name of the part node `node` belongs to (e.g. node 7 of `spotformer-10` → `mouth`). */
export function partOfNode(layout: RoiLayout, node: number): string {
  const spec = ROI_LAYOUTS[layout];
  const i = partRanges(spec.parts).findIndex(([s, e]) => node >= s && node < e);
  if (i < 0) throw new RangeError(`node ${node} is not in layout ${layout} (R = ${spec.landmarks.length})`);
  return spec.partNames[i];
}
