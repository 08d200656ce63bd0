/** Tiny run directories and probability series built in code for the evaluation tests. */
import { writeTestManifest } from "../experiment/_manifest.ts";
import { formatOfficialCsv } from "../../lib/data/official_csv.ts";
import type { ExpressionEvent } from "../../lib/data/types.ts";
import { formatProbsFile, type ProbsVideo } from "../../lib/eval/mod.ts";

/**
 * `(T, 10)` probabilities that post-process to exactly `events` (onset/offset peaks of 0.9, apex 0.9,
 * "none" 1 elsewhere). Events must respect the official search distances (ME 2..8, MaE 8..29).
 */
export function probsFor(T: number, events: readonly ExpressionEvent[]): Float32Array {
  const p = new Float32Array(T * 10);
  for (let t = 0; t < T; t++) p[t * 10 + 2] = p[t * 10 + 5] = 1;
  for (const e of events) {
    const [on, off, none, apex] = e.type === "ME" ? [0, 1, 2, 6] : [3, 4, 5, 7];
    p[e.onset * 10 + on] = 0.9;
    p[e.onset * 10 + none] = 0.1;
    p[e.offset * 10 + off] = 0.9;
    p[e.offset * 10 + none] = 0.1;
    p[e.apex * 10 + apex] = 0.9;
  }
  return p;
}

/** One video per subject: `<subject>_v` with its ground-truth events. */
export interface FixtureSubject {
  subject: string;
  events: ExpressionEvent[];
}

/** What a fold's epoch file predicts for a video: the truth, nothing, or given events. */
export type Prediction = "good" | "none" | ExpressionEvent[];

export const T_FIXTURE = 60;

/** A probabilities file for one subject's video. */
export function probsFile(s: FixtureSubject, pred: Prediction): string {
  const ev = pred === "good" ? s.events : pred === "none" ? [] : pred;
  const v: ProbsVideo = { video: `${s.subject}_v`, subject: s.subject, T: T_FIXTURE, probs: probsFor(T_FIXTURE, ev) };
  return formatProbsFile([v]);
}

/** Official CSV of the subjects' events (one video each). */
export function annotationsCsv(subjects: readonly FixtureSubject[]): string {
  return formatOfficialCsv(
    subjects.flatMap((s) => s.events.map((e) => ({ subject: s.subject, video: `${s.subject}_v`, ...e, au: "" }))),
  );
}

/**
 * Writes a run directory: `plan[test][epoch]` is the outer prediction for the test subject, and
 * `inner[test][innerSubject][epoch]` the inner-fold prediction for that inner subject.
 */
export async function writeRun(
  dir: string,
  subjects: readonly FixtureSubject[],
  plan: Record<string, Record<number, Prediction>>,
  inner: Record<string, Record<string, Record<number, Prediction>>> = {},
): Promise<void> {
  const by = new Map(subjects.map((s) => [s.subject, s]));
  await Deno.writeTextFile(`${dir}/annotations.csv`, annotationsCsv(subjects));
  await writeTestManifest(dir, Object.keys(plan));
  for (const [s, epochs] of Object.entries(plan)) {
    await Deno.mkdir(`${dir}/folds/${s}`, { recursive: true });
    for (const [e, pred] of Object.entries(epochs)) {
      await Deno.writeTextFile(`${dir}/folds/${s}/epoch_${e.padStart(3, "0")}.json`, probsFile(by.get(s)!, pred));
    }
  }
  for (const [s, folds] of Object.entries(inner)) {
    for (const [i, epochs] of Object.entries(folds)) {
      await Deno.mkdir(`${dir}/folds/${s}/inner/${i}`, { recursive: true });
      for (const [e, pred] of Object.entries(epochs)) {
        await Deno.writeTextFile(
          `${dir}/folds/${s}/inner/${i}/epoch_${e.padStart(3, "0")}.json`,
          probsFile(by.get(i)!, pred),
        );
      }
    }
  }
}

/** Three subjects, each with one ME and one MaE in a 60-frame video. */
export const SUBJECTS: readonly FixtureSubject[] = ["s1", "s2", "s3"].map((subject, k) => ({
  subject,
  events: [
    { type: "ME", onset: 10 + k, apex: 14 + k, offset: 18 + k },
    { type: "MaE", onset: 25, apex: 36, offset: 50 },
  ],
}));
