/**
 * Cheap integrity scan of frame image files: every file exists, is not empty, starts with the PNG or JPEG
 * signature and ends with the format's end marker (PNG `IEND` chunk, JPEG EOI `FF D9`). Reads 8 bytes at the
 * start and 64 at the end of each file, so a whole dataset is scanned in seconds; a frame cut short by a failed
 * copy or download is found here instead of half-way through feature extraction.
 *
 * @module
 */
import { osReason } from "../io/os_error.ts";

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const TAIL = 64;

/** What is wrong with one frame file (without its path), or `undefined` when it looks complete. */
export async function frameFileProblem(path: string): Promise<string | undefined> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "frame file is missing";
    return `cannot open frame file (${osReason(e)})`;
  }
  try {
    const size = (await f.stat()).size;
    if (size === 0) return "frame file is empty (0 bytes)";
    const head = new Uint8Array(Math.min(8, size));
    await readFull(f, head);
    const tail = new Uint8Array(Math.min(TAIL, size));
    await f.seek(size - tail.length, Deno.SeekMode.Start);
    await readFull(f, tail);
    if (PNG_SIG.every((b, i) => head[i] === b)) {
      return findBytes(tail, [0x49, 0x45, 0x4e, 0x44]) ? undefined : "truncated PNG (no IEND chunk at the end)";
    }
    if (head[0] === 0xff && head[1] === 0xd8) {
      return findBytes(tail, [0xff, 0xd9]) ? undefined : "truncated JPEG (no end-of-image marker)";
    }
    return "not a PNG or JPEG image (unknown signature)";
  } catch (e) {
    return `cannot read frame file (${osReason(e)})`;
  } finally {
    f.close();
  }
}

/** A frame file and what is wrong with it. */
export interface FrameFileProblem {
  path: string;
  problem: string;
}

/**
 * Scans `paths` (repeated paths once) with {@link frameFileProblem}; returns every problem found, in path
 * order, stopping after `limit` problems.
 *
 * @example
 * ```ts ignore
 * const problems = await scanFrameFiles(dataset.frames(video).paths ?? []);
 * ```
 */
export async function scanFrameFiles(paths: readonly string[], limit = Infinity): Promise<FrameFileProblem[]> {
  const out: FrameFileProblem[] = [];
  for (const path of new Set(paths)) {
    const problem = await frameFileProblem(path);
    if (problem) out.push({ path, problem });
    if (out.length >= limit) break;
  }
  return out;
}

async function readFull(f: Deno.FsFile, buf: Uint8Array): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const n = await f.read(buf.subarray(off));
    if (n === null) throw new Error("unexpected end of file");
    off += n;
  }
}

function findBytes(hay: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
