/**
 * Result tables in the paper's layout (Markdown + CSV): MaE / ME / overall F1 per cell and selection protocol,
 * mean ± std over seeds, with the paper's numbers (Tables 2–5) in adjacent columns.
 *
 * @module
 */
import paperTables from "./paper_tables.json" with { type: "json" };
import type { PaperRef, PaperTable, Protocol, Scores } from "../config/types.ts";

/** One cell × protocol with the scores of every seed. */
export interface TableRow {
  cell: string;
  protocol: Protocol;
  /** One entry per finished seed (all folds pooled). */
  seeds: Scores[];
}

/** A rendered table. */
export interface ResultTable {
  header: string[];
  rows: string[][];
  markdown: string;
  csv: string;
}

/** Options of {@link buildTable}. */
export interface TableOptions {
  /** Title line of the Markdown. @default "" */
  title?: string;
  /** Where the paper's numbers are. @default none */
  paper?: PaperRef;
  /** Decimals of F1 values. @default 4 */
  digits?: number;
}

const PROTOCOL_LABEL = {
  final: "final",
  nested: "nested",
  oracle: "oracle (optimistic)",
} as const satisfies Record<Protocol, string>;

/** Mean and sample standard deviation (n − 1; 0 for one value). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: NaN, std: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length === 1) return { mean, std: 0 };
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(v) };
}

/** The paper's table: its columns and rows. */
export function paperTable(table: PaperTable): { columns: string[]; rows: Record<string, (number | null)[]> } {
  return (paperTables as unknown as Record<PaperTable, { columns: string[]; rows: Record<string, (number | null)[]> }>)[
    table
  ];
}

/**
 * Builds the table: columns `cell | protocol | seeds | MaE F1 | ME F1 | overall F1 | TP / pred / GT | paper: <column>…`
 * (counts: overall, summed over seeds).
 * Values are `mean ± std` over seeds (`mean` alone for one seed); the oracle protocol is labelled optimistic
 * because it picks each subject's epoch on that subject's own test videos (official code, §6.4).
 *
 * @throws RangeError when `paper.rows` names a row the paper table lacks.
 * @example
 * ```ts
 * const s = { n_pred: 1, n_gt: 1, tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 };
 * buildTable([{ cell: "a", protocol: "final", seeds: [{ mae: s, me: s, overall: s }] }]).rows[0][3]; // "1.0000"
 * ```
 */
export function buildTable(rows: readonly TableRow[], options: TableOptions = {}): ResultTable {
  const digits = options.digits ?? 4;
  const paper = options.paper ? paperTable(options.paper.table) : undefined;
  if (paper && options.paper) {
    for (const [cell, row] of Object.entries(options.paper.rows)) {
      if (!(row in paper.rows)) {
        throw new RangeError(
          `paper row "${row}" (for cell "${cell}") is not in ${options.paper.table}; rows: ${
            Object.keys(paper.rows).join(", ")
          }`,
        );
      }
    }
  }
  const header = ["cell", "protocol", "seeds", "MaE F1", "ME F1", "overall F1", "TP / pred / GT"];
  if (paper) header.push(...paper.columns.map((c) => `paper: ${c}`));
  const fmt = (xs: number[]) => {
    const { mean, std } = meanStd(xs);
    if (!Number.isFinite(mean)) return "–";
    return xs.length > 1 ? `${mean.toFixed(digits)} ± ${std.toFixed(digits)}` : mean.toFixed(digits);
  };
  const body = rows.map((r) => {
    const line = [
      r.cell,
      PROTOCOL_LABEL[r.protocol],
      String(r.seeds.length),
      fmt(r.seeds.map((s) => s.mae.f1)),
      fmt(r.seeds.map((s) => s.me.f1)),
      fmt(r.seeds.map((s) => s.overall.f1)),
      ["tp", "n_pred", "n_gt"].map((k) => r.seeds.reduce((a, s) => a + s.overall[k as "tp"], 0)).join(" / "),
    ];
    if (paper) {
      const name = options.paper?.rows[r.cell];
      const values = name ? paper.rows[name] : undefined;
      line.push(...paper.columns.map((_, i) => values?.[i] == null ? "" : values[i]!.toFixed(4)));
    }
    return line;
  });
  return renderTable(header, body, {
    title: options.title,
    leftColumns: 3,
    note:
      "F1 pooled over all LOSO folds (2·TP / (N_pred + N_gt)); mean ± sample std over seeds; counts summed over seeds. " +
      "`oracle` picks each subject's epoch on its own test videos (as the official code does) and is optimistic; " +
      "`nested` picks it on inner folds of the training subjects; `final` uses the last epoch." +
      (paper ? " Paper columns: the published numbers on the real datasets, for reference." : ""),
  });
}

/**
 * Renders a header and rows as Markdown (optional `### title`, the first `leftColumns` columns left-aligned, the rest
 * right-aligned, a note under the table) and CSV.
 */
export function renderTable(
  header: string[],
  body: string[][],
  options: { title?: string; leftColumns: number; note: string },
): ResultTable {
  const md = [
    ...(options.title ? [`### ${options.title}`, ""] : []),
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => i < options.leftColumns ? "---" : "---:").join(" | ")} |`,
    ...body.map((l) => `| ${l.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`),
    "",
    options.note,
    "",
  ].join("\n");
  const csv = [header, ...body].map((l) => l.map(csvCell).join(",")).join("\n") + "\n";
  return { header, rows: body, markdown: md, csv };
}

/** One CSV field, quoted when it holds a quote, comma or newline (RFC 4180). */
export function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
