/**
 * Published vs rerun: for chosen cells and seeds of a published experiment, the scores of every selection protocol
 * side by side, whether they are identical, and whether the rerun's probability files are byte-identical to the
 * published ones (training is deterministic on one backend, so a rerun on the same backend must match exactly;
 * across backends float rounding differs and the scores agree within {@link CROSS_BACKEND_TOLERANCE}).
 *
 * @module
 */
import { summarizeRun } from "./collect.ts";
import { runDirOf, type SweepPlan } from "../engine/plan.ts";
import { probabilityHashes, readUnitRecord, unitPath } from "../engine/store.ts";
import type { Cell, Protocol, Scores } from "../config/types.ts";

/** Largest overall-F1 difference accepted between backends (wasm vs cpu vs webgpu), stated in the README. */
export const CROSS_BACKEND_TOLERANCE = 0.05;

/** One cell × seed × protocol, published beside rerun. */
export interface ComparisonRow {
  cell: string;
  seed: number;
  protocol: Protocol;
  published: Scores | null;
  rerun: Scores | null;
  /** Every count and F1 equal. */
  identical: boolean;
}

/** Result of {@link compareRuns}. */
export interface Comparison {
  rows: ComparisonRow[];
  /**
   * Probability files compared (every epoch of every outer and inner fold) and how many are byte-identical: against
   * the published files where they are kept, else against the SHA-256 their unit records hold.
   */
  files: { compared: number; identical: number; differing: string[] };
}

/** Cells of `plan` whose labels are in `labels` (all when empty); throws naming unknown labels. */
export function pickCells(plan: SweepPlan, labels: readonly string[]): Cell[] {
  if (labels.length === 0) return plan.cells;
  const unknown = labels.filter((l) => !plan.cells.some((c) => c.label === l));
  if (unknown.length) {
    throw new Error(
      `no cell labelled ${unknown.map((u) => `"${u}"`).join(", ")} in ${plan.experiment.name}; cells: ${
        plan.cells.map((c) => `"${c.label}"`).join(", ")
      }`,
    );
  }
  return plan.cells.filter((c) => labels.includes(c.label));
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory && e.name !== "ckpt") out.push(...await listFiles(`${dir}/${e.name}`, rel));
      else if (e.isFile && /^epoch_\d+\.json$/.test(e.name)) out.push(rel);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameScores(a: Scores | null, b: Scores | null): boolean {
  if (!a || !b) return false;
  return (["mae", "me", "overall"] as const).every((t) =>
    (["tp", "n_pred", "n_gt", "f1"] as const).every((k) => a[t][k] === b[t][k])
  );
}

/**
 * Compares the rerun of `cells` × `seeds` (in `rerun`) with the published runs (in `published`), matched by cell
 * config hash. Cells or seeds missing on either side give rows with `null` scores.
 */
export async function compareRuns(
  published: SweepPlan,
  rerun: SweepPlan,
  cells: readonly Cell[],
  seeds: readonly number[],
): Promise<Comparison> {
  const rows: ComparisonRow[] = [];
  const files: Comparison["files"] = { compared: 0, identical: 0, differing: [] };
  for (const cell of cells) {
    const pubCell = published.cells.find((c) => c.key === cell.key);
    for (const seed of seeds) {
      const pub = pubCell ? await summarizeRun(published, pubCell, seed) : null;
      const re = await summarizeRun(rerun, cell, seed);
      for (const p of cell.config.sweep.protocols) {
        const a = pub?.protocols[p]?.scores ?? null, b = re?.protocols[p]?.scores ?? null;
        rows.push({ cell: cell.label, seed, protocol: p, published: a, rerun: b, identical: sameScores(a, b) });
      }
      if (!pubCell || !pub || !re) continue;
      const pubDir = runDirOf(published, pubCell, seed), reDir = runDirOf(rerun, cell, seed);
      for (const u of published.units.filter((u) => u.cell.key === pubCell.key && u.seed === seed)) {
        // the published files when they are kept, else the hashes their unit record holds
        const rec = await readUnitRecord(unitPath(pubDir, u.fold), u.key);
        const kept = await listFiles(`${pubDir}/folds/${u.fold}`);
        const want: Record<string, string> = kept.length ? {} : { ...(rec?.files ?? {}) };
        for (const f of kept) want[f] = "";
        const got = await probabilityHashes(`${reDir}/folds/${u.fold}`);
        for (const [f, hash] of Object.entries(want)) {
          files.compared++;
          let same: boolean;
          if (hash === "") {
            const a = await Deno.readFile(`${pubDir}/folds/${u.fold}/${f}`);
            const b = await Deno.readFile(`${reDir}/folds/${u.fold}/${f}`).catch(() => new Uint8Array());
            same = sameBytes(a, b);
          } else same = got[f] === hash;
          if (same) files.identical++;
          else files.differing.push(`${cell.label} seed ${seed}: folds/${u.fold}/${f}`);
        }
      }
    }
  }
  return { rows, files };
}

/** The comparison as a Markdown table: overall / ME / MaE F1 and overall counts, published | rerun. */
export function comparisonMarkdown(c: Comparison): string {
  const f = (s: Scores | null, t: "overall" | "me" | "mae") => s ? s[t].f1.toFixed(4) : "–";
  const n = (s: Scores | null) => s ? `${s.overall.tp}/${s.overall.n_pred}/${s.overall.n_gt}` : "–";
  const lines = [
    "| cell | seed | protocol | overall F1 published | overall F1 rerun | ME F1 pub / rerun | MaE F1 pub / rerun | TP/pred/GT pub | TP/pred/GT rerun | identical |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ...c.rows.map((r) =>
      `| ${r.cell} | ${r.seed} | ${r.protocol} | ${f(r.published, "overall")} | ${f(r.rerun, "overall")} | ` +
      `${f(r.published, "me")} / ${f(r.rerun, "me")} | ${f(r.published, "mae")} / ${f(r.rerun, "mae")} | ` +
      `${n(r.published)} | ${n(r.rerun)} | ${r.identical ? "yes" : "**no**"} |`
    ),
    "",
    `Probability files byte-identical: ${c.files.identical} of ${c.files.compared}.`,
  ];
  return lines.join("\n") + "\n";
}
