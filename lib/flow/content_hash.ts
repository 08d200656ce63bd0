/**
 * Content hashes that key the feature cache of `extractDataset` (`dataset.ts`): SHA-256 of a video's frame
 * files and of its landmarks, as lowercase hex.
 *
 * @module
 */
import type { FrameSource, Landmarks68 } from "../data/types.ts";
import { digestHex } from "../io/hex.ts";

const sha = (b: Uint8Array | string) => digestHex(b);

/** Reads the file at `path` into `buf` (grown when too small); returns the filled part and the buffer. */
async function readInto(path: string, buf: Uint8Array): Promise<[Uint8Array, Uint8Array]> {
  const f = await Deno.open(path);
  try {
    const size = (await f.stat()).size;
    if (size > buf.length) buf = new Uint8Array(Math.max(size, 2 * buf.length));
    let off = 0;
    while (off < size) {
      const n = await f.read(buf.subarray(off, size));
      if (n === null) break;
      off += n;
    }
    return [buf.subarray(0, off), buf];
  } finally {
    f.close();
  }
}

/**
 * SHA-256 over the per-frame digests of the frame files (or decoded pixels when there are no paths). The files are
 * read into one reused buffer: a long video's frames would otherwise leave hundreds of MiB of garbage behind.
 */
export async function hashFrames(frames: FrameSource): Promise<string> {
  const parts: string[] = [];
  let buf: Uint8Array = new Uint8Array(1 << 16);
  for (let i = 0; i < frames.length; i++) {
    let bytes: Uint8Array;
    if (frames.paths) [bytes, buf] = await readInto(frames.paths[i], buf);
    else bytes = (await frames.read(i)).data;
    parts.push(await sha(bytes));
  }
  return sha(parts.join(""));
}

/** SHA-256 of landmark coordinates. */
export function hashLandmarks(list: readonly Landmarks68[]): Promise<string> {
  const all = new Float32Array(list.length * 136);
  list.forEach((l, i) => all.set(l, i * 136));
  return sha(new Uint8Array(all.buffer));
}

/** SHA-256 of the UTF-8 bytes of `text` (a cache key built from other hashes and options). */
export function hashText(text: string): Promise<string> {
  return sha(text);
}
