/**
 * The probabilities file (eval:probs format):
 * `{"videos": {"<video>": {"subject": "...", "probs": number[T][10]}}}`, columns in the official
 * order (0-2 ME onset/offset/none, 3-5 MaE onset/offset/none, 6 ME apex, 7 MaE apex, 8 ME action,
 * 9 MaE action), already probabilities.
 *
 * @module
 */
import { osReason } from "../io/os_error.ts";
import type { ExpressionType } from "./types.ts";

/** Number of probability columns per frame (official order, see {@link PROB_COLUMNS}). */
export const N_PROB_COLUMNS = 10;

/** Column of each probability (official order): softmax onset/offset/none per type, sigmoid apex/action. */
export const PROB_COLUMNS = Object.freeze(
  {
    ME: { onset: 0, offset: 1, none: 2, apex: 6, action: 8 },
    MaE: { onset: 3, offset: 4, none: 5, apex: 7, action: 9 },
  } as const satisfies Record<ExpressionType, Record<string, number>>,
);

/** One video's probabilities: `probs` is row-major `(T, 10)` float32. */
export interface ProbsVideo {
  video: string;
  subject: string;
  T: number;
  probs: Float32Array;
}

/**
 * Parses and validates a probabilities file. Every value must be a finite number in [0, 1] and every
 * row have 10 columns; errors name the file, the video and the frame.
 *
 * @example
 * ```ts
 * parseProbsFile('{"videos":{"v":{"subject":"s","probs":[[0,0,1,0,0,1,0,0,0,0]]}}}')[0].T; // 1
 * ```
 */
export function parseProbsFile(text: string, what = "probs.json"): ProbsVideo[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: not valid JSON (${(e as Error).message})`);
  }
  const videos = (json as { videos?: unknown })?.videos;
  if (typeof videos !== "object" || videos === null || Array.isArray(videos)) {
    throw new Error(`${what}: expected {"videos": {"<video>": {"subject": "...", "probs": [[10 numbers], …]}}}`);
  }
  const out: ProbsVideo[] = [];
  for (const [video, v] of Object.entries(videos as Record<string, unknown>)) {
    const entry = v as { subject?: unknown; probs?: unknown };
    if (typeof entry?.subject !== "string") throw new Error(`${what}: video "${video}": "subject" must be a string`);
    if (!Array.isArray(entry.probs)) throw new Error(`${what}: video "${video}": "probs" must be an array of rows`);
    const T = entry.probs.length;
    const probs = new Float32Array(T * N_PROB_COLUMNS);
    entry.probs.forEach((row: unknown, t: number) => {
      if (!Array.isArray(row) || row.length !== N_PROB_COLUMNS) {
        throw new Error(`${what}: video "${video}" frame ${t}: expected ${N_PROB_COLUMNS} probabilities`);
      }
      row.forEach((x: unknown, c: number) => {
        if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
          throw new Error(
            `${what}: video "${video}" frame ${t} column ${c}: expected a probability in [0, 1], got ${
              JSON.stringify(x)
            }`,
          );
        }
        probs[t * N_PROB_COLUMNS + c] = x;
      });
    });
    out.push({ video, subject: entry.subject, T, probs });
  }
  return out;
}

/** Reads and parses a probabilities file; a missing file gives an Error naming it. */
export async function readProbsFile(path: string): Promise<ProbsVideo[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read probabilities file ${path}: ${osReason(e)}`);
  }
  return parseProbsFile(text, path);
}

/**
 * Serialises videos to the probabilities-file JSON (`probs` as nested `T × 10` arrays); with `digits`, each value
 * is rounded to that many significant digits (training epoch files use 7). The one writer of this format.
 */
export function formatProbsFile(videos: readonly ProbsVideo[], digits?: number): string {
  const obj: Record<string, { subject: string; probs: number[][] }> = {};
  for (const v of videos) {
    if (v.probs.length !== v.T * N_PROB_COLUMNS) {
      throw new RangeError(`formatProbsFile: video "${v.video}" has ${v.probs.length} values, expected ${v.T}·10`);
    }
    const rows: number[][] = [];
    for (let t = 0; t < v.T; t++) {
      const row = Array.from(v.probs.subarray(t * 10, t * 10 + 10));
      rows.push(digits === undefined ? row : row.map((x) => Number(x.toPrecision(digits))));
    }
    obj[v.video] = { subject: v.subject, probs: rows };
  }
  return JSON.stringify({ videos: obj }) + "\n";
}
