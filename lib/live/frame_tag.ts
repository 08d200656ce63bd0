/**
 * Frame tags: a frame index written as 12 black/white blocks in the bottom-left corner of a test clip, so the page
 * knows which frame of the file the fake camera delivered (it loops the file and starts anywhere) and the headless
 * run can be compared frame by frame with `deno task spot` on the same file. 11 bits of `index + 1` and one parity
 * bit; blocks are `TAG_BLOCK` px square. Keep faces away from the bottom `TAG_BLOCK` rows.
 *
 * @module
 */
import type { GrayFrame } from "../data/types.ts";

/** Block side in pixels. */
export const TAG_BLOCK = 8;
/** Bits per tag (11 data + parity). */
export const TAG_BITS = 12;
/** Largest taggable index. */
export const TAG_MAX = 2 ** 11 - 2;

/** Writes the tag of `index` into `frame` (in place) with grey levels `lo`/`hi`. */
export function writeTag(frame: GrayFrame, index: number, lo = 16, hi = 235): void {
  if (!Number.isInteger(index) || index < 0 || index > TAG_MAX) throw new RangeError(`writeTag: index ${index}`);
  if (frame.width < TAG_BITS * TAG_BLOCK || frame.height < TAG_BLOCK) throw new RangeError("writeTag: frame too small");
  const v = index + 1;
  let parity = 0;
  for (let b = 0; b < TAG_BITS; b++) {
    const bit = b < 11 ? (v >> b) & 1 : parity;
    parity ^= b < 11 ? bit : 0;
    for (let y = frame.height - TAG_BLOCK; y < frame.height; y++) {
      frame.data.fill(bit ? hi : lo, y * frame.width + b * TAG_BLOCK, y * frame.width + (b + 1) * TAG_BLOCK);
    }
  }
}

/** Reads a tag (block centres thresholded at 128); undefined when there is none or its parity is wrong. */
export function readTag(frame: GrayFrame): number | undefined {
  if (frame.width < TAG_BITS * TAG_BLOCK || frame.height < TAG_BLOCK) return undefined;
  const y = frame.height - (TAG_BLOCK >> 1);
  let v = 0, parity = 0;
  for (let b = 0; b < TAG_BITS; b++) {
    const bit = frame.data[y * frame.width + b * TAG_BLOCK + (TAG_BLOCK >> 1)] > 128 ? 1 : 0;
    if (b < 11) {
      v |= bit << b;
      parity ^= bit;
    } else if (bit !== parity) return undefined;
  }
  return v === 0 ? undefined : v - 1;
}
