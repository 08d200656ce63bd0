/** Tiny on-disk fixtures for the adapter tests: frames (PNG/JPEG) and workbooks written with SheetJS. */
import * as XLSX from "xlsx";
import jpeg from "jpeg-js";
import { encodeGrayPng } from "../../../lib/io/image.ts";

/** A fresh temporary folder. */
export function tmpDir(): Promise<string> {
  return Deno.makeTempDir({ prefix: "spotkit-ds-" });
}

/** A 4×4 grey frame whose pixels encode `k` (so frames can be told apart). */
export function frameBytes(k: number, format: "png" | "jpg"): Uint8Array {
  const data = new Uint8Array(16).fill((k * 37) % 256);
  if (format === "png") return encodeGrayPng({ width: 4, height: 4, data });
  const rgba = new Uint8Array(64);
  for (let i = 0; i < 16; i++) rgba.set([data[i], data[i], data[i], 255], 4 * i);
  return new Uint8Array(jpeg.encode({ width: 4, height: 4, data: rgba }, 90).data);
}

/** Writes frames `names[i]` into `dir` (created), each with a distinct grey level. */
export async function writeFrames(dir: string, names: readonly string[]): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [i, n] of names.entries()) {
    await Deno.writeFile(`${dir}/${n}`, frameBytes(i, /\.png$/i.test(n) ? "png" : "jpg"));
  }
}

/** Writes a workbook with the given sheets (rows of cells) as `.xlsx` or `.xls`. */
export async function writeWorkbook(
  path: string,
  sheets: Record<string, (string | number | null)[][]>,
  bookType: "xlsx" | "xls" = "xlsx",
): Promise<void> {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  }
  await Deno.writeFile(path, new Uint8Array(XLSX.write(wb, { type: "array", bookType })));
}

/** `n` frame names produced by `fmt(i)` for i in `from..to` (inclusive), skipping `gaps`. */
export function names(from: number, to: number, fmt: (i: number) => string, gaps: readonly number[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (!gaps.includes(i)) out.push(fmt(i));
  return out;
}

/** Awaits `fn()` and checks it throws an Error whose message equals `message` (or starts with it when `prefix`). */
export async function rejectsWith(fn: () => Promise<unknown>, message: string, prefix = false): Promise<void> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof Error)) throw new Error(`expected an Error with message "${message}", got ${String(err)}`);
  const ok = prefix ? err.message.startsWith(message) : err.message === message;
  if (!ok) throw new Error(`expected message\n  ${message}\ngot\n  ${err.message}`);
}

/** Synchronous form of {@link rejectsWith}. */
export function throwsWith(fn: () => unknown, message: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof Error) || err.message !== message) {
    throw new Error(`expected message\n  ${message}\ngot\n  ${err instanceof Error ? err.message : String(err)}`);
  }
}
