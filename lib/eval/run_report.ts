/**
 * Output files of a run evaluation: `metrics.json`, `table.md`, `table.csv`, `proposals_<protocol>.csv`.
 *
 * @module
 */
import type { EvalMetrics } from "./metrics.ts";
import type { RunEvaluation } from "./run_eval.ts";
import { formatCsv, formatTable6, formatTable6Csv } from "./table.ts";

/** The files to write (name → text) and the table to print. */
export interface RunReport {
  files: Record<string, string>;
  table: string;
}

/** Column-group label of a protocol; the optimistic oracle is marked. */
export function protocolLabel(protocol: string, optimistic: boolean): string {
  return optimistic ? `${protocol} (optimistic)` : protocol;
}

/**
 * Builds the report of {@link evaluateRun}: one Table 6 with the protocols side by side, the epoch
 * chosen per subject and protocol, per-protocol metrics (and per-subject metrics) in JSON, and the
 * proposals each protocol scored. `settings` are stored in `metrics.json` as given.
 */
export function formatRunReport(run: RunEvaluation, settings: Record<string, unknown> = {}): RunReport {
  const results = Object.values(run.protocols);
  const tables: Record<string, EvalMetrics> = {};
  for (const r of results) tables[protocolLabel(r.protocol, r.optimistic)] = r.metrics;
  const epochRows = run.subjects.map((s) => [s, ...results.map((r) => r.epochs[s])]);
  const md = [
    `# Evaluation of ${run.dir}`,
    "",
    formatTable6(tables),
    "`final`: last epoch. `nested`: epoch chosen by inner leave-one-subject-out on the training subjects only." +
    " `oracle`: each test subject's best epoch on its own labels (as the official code reports) — optimistic.",
    "",
    "## Selected epochs",
    "",
    `| subject | ${results.map((r) => r.protocol).join(" | ")} |`,
    `|---|${results.map(() => "---:").join("|")}|`,
    ...epochRows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ].join("\n");
  const json = {
    dir: run.dir,
    subjects: run.subjects,
    settings,
    protocols: Object.fromEntries(results.map((r) => [r.protocol, {
      optimistic: r.optimistic,
      epochs: r.epochs,
      me: r.metrics.me,
      mae: r.metrics.mae,
      overall: r.metrics.overall,
      per_subject: r.perSubject,
    }])),
    warnings: run.warnings,
  };
  const files: Record<string, string> = {
    "metrics.json": JSON.stringify(json, null, 2) + "\n",
    "table.md": md,
    "table.csv": formatTable6Csv(tables),
  };
  for (const r of results) {
    files[`proposals_${r.protocol}.csv`] = formatCsv(
      ["subject", "epoch", "video", "type", "onset", "apex", "offset", "score"],
      r.predictions.map((
        p,
      ) => [p.subject, p.epoch, p.video, p.type === "ME" ? "me" : "mae", p.onset, p.apex, p.offset, p.score]),
    );
  }
  return { files, table: formatTable6(tables) };
}
