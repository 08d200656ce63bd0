/**
 * The published table layout: one row per cell, the selection protocols side by side (MaE / ME / overall F1,
 * mean ± std over seeds, for each protocol), the pooled counts of the first protocol and the paper's numbers.
 *
 * @module
 */
import type { PaperRef, Protocol, Scores } from "../config/types.ts";
import { meanStd, paperTable, renderTable, type ResultTable, type TableRow } from "./tables.ts";

/** Options of {@link buildWideTable}. */
export interface WideTableOptions {
  /** Title line of the Markdown. @default "" */
  title?: string;
  /** Where the paper's numbers are. @default none */
  paper?: PaperRef;
  /** Protocols, in column order. */
  protocols: readonly Protocol[];
  /** Decimals. @default 3 */
  digits?: number;
  /** How the folds were formed, for the footnote (e.g. "4 subject-grouped folds"). @default "leave-one-subject-out" */
  folds?: string;
}

const TYPES = [["MaE", "mae"], ["ME", "me"], ["overall", "overall"]] as const;

/** `mean ± std` (sample std over seeds) of `xs`, `mean` alone for one value, `–` for none. */
export function formatMeanStd(xs: readonly number[], digits: number): string {
  const { mean, std } = meanStd(xs);
  if (!Number.isFinite(mean)) return "–";
  return xs.length > 1 ? `${mean.toFixed(digits)} ± ${std.toFixed(digits)}` : mean.toFixed(digits);
}

/**
 * Builds the wide table from {@link TableRow}s (one per cell × protocol, as `collectRows` returns them). Columns:
 * `cell | seeds | <protocol> MaE F1 | <protocol> ME F1 | <protocol> overall F1 | … | TP / pred / GT (<first>) |
 * paper: …`; cells keep their first-seen order.
 */
export function buildWideTable(rows: readonly TableRow[], options: WideTableOptions): ResultTable {
  const digits = options.digits ?? 3;
  const paper = options.paper ? paperTable(options.paper.table) : undefined;
  const cells: string[] = [];
  const by = new Map<string, Scores[]>();
  for (const r of rows) {
    if (!cells.includes(r.cell)) cells.push(r.cell);
    by.set(`${r.cell}\u0000${r.protocol}`, r.seeds);
  }
  const first = options.protocols[0];
  const header = ["cell", "seeds"];
  for (const p of options.protocols) for (const [label] of TYPES) header.push(`${p}: ${label} F1`);
  header.push(`TP / pred / GT (${first})`);
  if (paper) header.push(...paper.columns.map((c) => `paper: ${c}`));
  const body = cells.map((cell) => {
    const seedsOf = (p: Protocol) => by.get(`${cell}\u0000${p}`) ?? [];
    const line = [cell, String(Math.max(...options.protocols.map((p) => seedsOf(p).length)))];
    for (const p of options.protocols) {
      for (const [, key] of TYPES) line.push(formatMeanStd(seedsOf(p).map((s) => s[key].f1), digits));
    }
    const s0 = seedsOf(first);
    line.push(
      s0.length
        ? (["tp", "n_pred", "n_gt"] as const).map((k) => s0.reduce((a, s) => a + s.overall[k], 0)).join(" / ")
        : "–",
    );
    if (paper) {
      const name = options.paper?.rows[cell];
      const values = name ? paper.rows[name] : undefined;
      line.push(...paper.columns.map((_, i) => values?.[i] == null ? "" : values[i]!.toFixed(4)));
    }
    return line;
  });
  return renderTable(header, body, {
    title: options.title,
    leftColumns: 1,
    note: `F1 pooled over all folds (${options.folds ?? "leave-one-subject-out"}): 2·TP / (N_pred + N_gt); mean ± ` +
      "sample std over seeds; counts summed over seeds. `final` uses the last epoch; `nested` picks the epoch on an " +
      "inner fold of the training subjects; `oracle` picks each fold's epoch on its own test videos (as the official " +
      "code does) and is optimistic." +
      (paper ? " Paper columns: the published numbers on the real datasets, for reference." : ""),
  });
}
