/**
 * The paper's directions (SW-MRO over adjacent-frame flow, FLGP over GAP, Simul-ST over its variants, a window
 * near the ME duration, λ = 0.005 over 0) judged on published tables: for each direction and selection protocol,
 * the paired difference of F1 between the two cells over the seeds they share, its 95 % t-interval, and a plain
 * verdict — `reproduced` (the interval lies above 0), `reversed` (below 0) or `within noise` (it contains 0).
 * With three seeds the interval is wide (t = 4.30): a direction is called reproduced only when every seed agrees
 * by a margin.
 *
 * @module
 */
import type { Protocol, Scores } from "../config/types.ts";
import type { PublishedTable } from "./published.ts";
import { csvCell } from "./tables.ts";

/** Where {@link renderVerdicts}' output lives in a published folder (relative paths). */
export const VERDICTS_FILES = Object.freeze({ markdown: "tables/verdicts.md", csv: "tables/verdicts.csv" });

/** A direction the paper reports: cell `better` scores higher than cell `worse` in `experiment`. */
export interface PaperDirection {
  /** The paper's claim, in words. */
  claim: string;
  /** Where the paper shows it (section / table). */
  source: string;
  /** Published table (experiment name). */
  experiment: string;
  /** Scores compared: MaE, ME or overall F1. */
  metric: "mae" | "me" | "overall";
  /** Cell labels as in the table. */
  better: string;
  worse: string;
}

/** The directions of README's Results section, in paper order. */
export const PAPER_DIRECTIONS: readonly PaperDirection[] = Object.freeze([
  {
    claim: "SW-MRO beats adjacent-frame flow on ME",
    source: "§4.3, Table 2",
    experiment: "table2-ablation",
    metric: "me",
    better: "SW-MRO / FLGP",
    worse: "no SW-MRO / FLGP",
  },
  {
    claim: "FLGP beats global average pooling (GAP)",
    source: "§4.3, Table 2",
    experiment: "table2-ablation",
    metric: "overall",
    better: "SW-MRO / FLGP",
    worse: "SW-MRO / no FLGP",
  },
  ...["Seq-ST", "Paral-ST", "Paral-ST shared", "Simul-TS"].map((v) => ({
    claim: `Simul-ST beats ${v}`,
    source: "§4.4.1, Table 3",
    experiment: "table3-variants",
    metric: "overall" as const,
    better: "Simul-ST",
    worse: v,
  })),
  ...["9", "25"].map((w) => ({
    claim: `window 17 (≈ the longest ME at 30 fps) beats window ${w}`,
    source: "§4.4.2, Table 4",
    experiment: "table4-window",
    metric: "overall" as const,
    better: "17",
    worse: w,
  })),
  {
    claim: "λ = 0.005 beats λ = 0 (no contrastive loss)",
    source: "§4.4.3, Table 5",
    experiment: "table5-lambda",
    metric: "overall",
    better: "0.005",
    worse: "0",
  },
]);

/** Two-sided 95 % Student t quantiles for 1…10 degrees of freedom. */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** The judgement of one direction under one protocol. */
export interface Judgement {
  /** Seeds both cells finished. */
  seeds: number[];
  better: number[];
  worse: number[];
  /** Mean paired difference (better − worse). */
  delta: number;
  /** 95 % t-interval of the mean difference (null with fewer than 2 seeds). */
  interval: [number, number] | null;
  verdict: "reproduced" | "reversed" | "within noise" | "one seed" | "not run";
}

/** One direction with its judgement per protocol. */
export interface Verdict {
  direction: PaperDirection;
  byProtocol: Partial<Record<Protocol, Judgement>>;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Paired comparison of two per-seed F1 series (same seeds, same order). */
export function judgePaired(better: readonly number[], worse: readonly number[]): Omit<Judgement, "seeds"> {
  const n = better.length;
  if (n === 0) return { better: [], worse: [], delta: NaN, interval: null, verdict: "not run" };
  const d = better.map((b, i) => b - worse[i]);
  const delta = mean(d);
  if (n === 1) return { better: [...better], worse: [...worse], delta, interval: null, verdict: "one seed" };
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - delta) ** 2, 0) / (n - 1));
  const half = (T95[n - 2] ?? 1.96) * sd / Math.sqrt(n);
  const interval: [number, number] = [delta - half, delta + half];
  const verdict = interval[0] > 0 ? "reproduced" : interval[1] < 0 ? "reversed" : "within noise";
  return { better: [...better], worse: [...worse], delta, interval, verdict };
}

/** Judges every direction whose table is published, under every protocol the table has. */
export function judgeDirections(
  tables: readonly PublishedTable[],
  directions: readonly PaperDirection[] = PAPER_DIRECTIONS,
): Verdict[] {
  return directions.map((direction) => {
    const table = tables.find((t) => t.experiment === direction.experiment);
    const a = table?.cells.find((c) => c.label === direction.better);
    const b = table?.cells.find((c) => c.label === direction.worse);
    const byProtocol: Verdict["byProtocol"] = {};
    for (const p of ["final", "nested", "oracle"] as const) {
      const sa = a?.scores[p], sb = b?.scores[p];
      if (!sa || !sb) continue;
      const seeds = Object.keys(sa).filter((s) => s in sb).map(Number).sort((x, y) => x - y);
      const pick = (s: Record<string, Scores>) => seeds.map((seed) => s[String(seed)][direction.metric].f1);
      byProtocol[p] = { seeds, ...judgePaired(pick(sa), pick(sb)) };
    }
    return { direction, byProtocol };
  });
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(3);

function describe(j: Judgement | undefined): string {
  if (!j || j.verdict === "not run") return "not run yet";
  const means = `${f3(mean(j.better))} vs ${f3(mean(j.worse))}`;
  const ci = j.interval ? ` [${signed(j.interval[0])}, ${signed(j.interval[1])}]` : "";
  return `${means}: Δ ${signed(j.delta)}${ci} → **${j.verdict}**`;
}

/** Markdown table (one row per direction, one column per protocol) and the same as CSV. */
export function renderVerdicts(verdicts: readonly Verdict[]): { markdown: string; csv: string } {
  const protocols = ["final", "nested", "oracle"] as const;
  const head = `| the paper's direction | where | F1 | ${protocols.join(" | ")} |\n|---|---|---|---|---|---|\n`;
  const rows = verdicts.map((v) =>
    `| ${v.direction.claim} | ${v.direction.source} | ${v.direction.metric} | ${
      protocols.map((p) => describe(v.byProtocol[p])).join(" | ")
    } |`
  );
  const note =
    "\n\nEach cell: mean F1 of the paper's better cell vs the other over the seeds both finished, the mean " +
    "paired difference Δ with its 95 % t-interval, and the verdict: reproduced (interval above 0), reversed (below " +
    "0) or within noise (contains 0). `final` = last epoch, `nested` = epoch chosen on an inner fold, `oracle` = " +
    "epoch chosen on the test videos (optimistic).\n";
  const csvRows = verdicts.flatMap((v) =>
    protocols.map((p) => {
      const j = v.byProtocol[p];
      return [
        v.direction.claim,
        v.direction.experiment,
        v.direction.metric,
        v.direction.better,
        v.direction.worse,
        p,
        j ? j.seeds.join(" ") : "",
        j && j.better.length ? f3(mean(j.better)) : "",
        j && j.worse.length ? f3(mean(j.worse)) : "",
        j && Number.isFinite(j.delta) ? j.delta.toFixed(4) : "",
        j?.interval ? j.interval[0].toFixed(4) : "",
        j?.interval ? j.interval[1].toFixed(4) : "",
        j?.verdict ?? "not run",
      ];
    })
  );
  const header = ["direction", "experiment", "metric", "better", "worse", "protocol", "seeds"];
  header.push("better_f1", "worse_f1", "delta", "ci_low", "ci_high", "verdict");
  const csv = [header, ...csvRows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
  return { markdown: head + rows.join("\n") + note, csv };
}
