/**
 * Landmarks from an OpenFace-style CSV: one row per frame with columns `x_0..x_67` and `y_0..y_67` (other
 * columns ignored; names may carry spaces, as OpenFace writes them). A `success` column of 0 marks a frame
 * without a face (returned as `null`).
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/**
 * Parses the CSV text; `what` names the file in errors. Returns one entry per data row.
 *
 * @example
 * ```ts
 * const head = [...Array(68).keys()].map((k) => `x_${k}`).concat([...Array(68).keys()].map((k) => `y_${k}`));
 * const row = head.map((_, k) => String(k));
 * parseLandmarkCsv(head.join(",") + "\n" + row.join(","), "a.csv")[0]![1]; // 68 (y_0)
 * ```
 */
export function parseLandmarkCsv(text: string, what: string): (Landmarks68 | null)[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`${what}: empty landmark CSV`);
  const header = lines[0].split(",").map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const xs: number[] = [], ys: number[] = [];
  for (let k = 0; k < 68; k++) {
    xs.push(col(`x_${k}`));
    ys.push(col(`y_${k}`));
  }
  const lack = [...xs.map((c, k) => (c < 0 ? `x_${k}` : "")), ...ys.map((c, k) => (c < 0 ? `y_${k}` : ""))]
    .filter((s) => s);
  if (lack.length > 0) {
    throw new Error(
      `${what}: landmark CSV lacks column(s) ${lack.slice(0, 4).join(", ")}${lack.length > 4 ? ", …" : ""}; ` +
        `expected OpenFace-style x_0..x_67, y_0..y_67`,
    );
  }
  const success = col("success");
  return lines.slice(1).map((line, r) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new Error(`${what}: row ${r + 2} has ${cells.length} cells, the header has ${header.length}`);
    }
    if (success >= 0 && Number(cells[success]) === 0) return null;
    const lm = new Float32Array(136);
    for (let k = 0; k < 68; k++) {
      const x = Number(cells[xs[k]]), y = Number(cells[ys[k]]);
      if (!Number.isFinite(x) || !Number.isFinite(y) || cells[xs[k]].trim() === "" || cells[ys[k]].trim() === "") {
        throw new Error(`${what}: row ${r + 2}, landmark ${k}: not a number ("${cells[xs[k]]}", "${cells[ys[k]]}")`);
      }
      lm[2 * k] = x;
      lm[2 * k + 1] = y;
    }
    return lm;
  });
}

/** Reads and parses a landmark CSV file; errors name the path. */
export async function readLandmarkCsv(path: string): Promise<(Landmarks68 | null)[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read landmark CSV ${path}: ${(e as Error).message}`);
  }
  return parseLandmarkCsv(text, path);
}

/** Formats landmarks as an OpenFace-style CSV (`frame, x_0..x_67, y_0..y_67`); values round-trip exactly. */
export function formatLandmarkCsv(list: readonly Landmarks68[]): string {
  const head = ["frame"];
  for (let k = 0; k < 68; k++) head.push(`x_${k}`);
  for (let k = 0; k < 68; k++) head.push(`y_${k}`);
  const rows = list.map((lm, i) => {
    const c = [String(i)];
    for (let k = 0; k < 68; k++) c.push(String(lm[2 * k]));
    for (let k = 0; k < 68; k++) c.push(String(lm[2 * k + 1]));
    return c.join(",");
  });
  return [head.join(","), ...rows].join("\n") + "\n";
}
