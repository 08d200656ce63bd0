/**
 * Tables in the layout of the paper's Table 6 (rows Total, TP, FP, FN, Precision, Recall, F1-Score;
 * columns MaE, ME, Overall), as Markdown and CSV, plus a small CSV writer.
 *
 * @module
 */
import type { EvalMetrics, TypeMetrics } from "./metrics.ts";

/** Options of {@link formatTable6} and {@link formatTable6Csv}. */
export interface TableOptions {
  /** Decimals of precision, recall and F1. @default 4 */
  digits: number;
}

/** One table, or several side by side (e.g. `{final, nested, oracle}`), keyed by column-group label. */
export type TableInput = EvalMetrics | Readonly<Record<string, EvalMetrics>>;

const ROWS: readonly [string, keyof TypeMetrics][] = [
  ["Total", "n_gt"],
  ["TP", "tp"],
  ["FP", "fp"],
  ["FN", "fn"],
  ["Precision", "precision"],
  ["Recall", "recall"],
  ["F1-Score", "f1"],
];

function isMetrics(x: TableInput): x is EvalMetrics {
  const m = x as EvalMetrics;
  return typeof m.overall === "object" && typeof m.me === "object" && typeof m.mae === "object" &&
    typeof m.overall?.f1 === "number";
}

function grid(input: TableInput, digits: number): string[][] {
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) {
    throw new RangeError(`digits must be an integer in [0, 12], got ${digits}`);
  }
  const groups: [string, EvalMetrics][] = isMetrics(input) ? [["", input]] : Object.entries(input);
  const header = [""];
  for (const [label] of groups) {
    for (const t of ["MaE", "ME", "Overall"]) header.push(label ? `${label} ${t}` : t);
  }
  const body = ROWS.map(([name, key]) => {
    const row = [name];
    for (const [, m] of groups) {
      for (const tm of [m.mae, m.me, m.overall]) {
        const v = tm[key];
        row.push(
          Number.isInteger(v) && key !== "precision" && key !== "recall" && key !== "f1"
            ? String(v)
            : v.toFixed(digits),
        );
      }
    }
    return row;
  });
  return [header, ...body];
}

/**
 * Markdown table in the Table 6 layout.
 *
 * @example
 * ```ts
 * import { metricsByType } from "./metrics.ts";
 * const m = metricsByType({ ME: { tp: 61, n_pred: 126, n_gt: 159 }, MaE: { tp: 163, n_pred: 390, n_gt: 343 } });
 * formatTable6(m); // "|  | MaE | ME | Overall |\n|---|---:|---:|---:|\n| Total | 343 | 159 | 502 |…"
 * formatTable6({ final: m, oracle: m }); // column groups "final MaE", …, "oracle Overall"
 * ```
 */
export function formatTable6(metrics: TableInput, options: Partial<TableOptions> = {}): string {
  const g = grid(metrics, options.digits ?? 4);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(g[0]), `|---|${g[0].slice(1).map(() => "---:").join("|")}|`, ...g.slice(1).map(line)].join("\n") +
    "\n";
}

/** The same table as CSV (first column `metric`). */
export function formatTable6Csv(metrics: TableInput, options: Partial<TableOptions> = {}): string {
  const g = grid(metrics, options.digits ?? 4);
  g[0][0] = "metric";
  return formatCsv(g[0], g.slice(1));
}

/** A CSV cell: null/undefined → empty; strings quoted when they hold a comma, quote or newline. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * CSV text with a header line and `\n` line endings.
 *
 * @example
 * ```ts
 * formatCsv(["a", "b"], [[1, "x,y"], [null, 2]]); // 'a,b\n1,"x,y"\n,2\n'
 * ```
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (v: CsvCell) => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      throw new RangeError(`formatCsv: row ${i + 1} has ${r.length} cells, header has ${header.length}`);
    }
  });
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}
