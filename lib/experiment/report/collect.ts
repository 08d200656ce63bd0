/**
 * Collects a sweep's results: evaluates each finished run directory (cell × seed, all folds) under the
 * selection protocols with `evaluateRun` (lib/eval), caches the summary as `<run>/summary.json`, and builds
 * the experiment's table.
 *
 * @module
 */
import { evaluateRun } from "../../eval/mod.ts";
import { cellDir, readUnitRecord, runDir, unitPath, writeJsonAtomic } from "../engine/store.ts";
import { runDirOf, type SweepPlan } from "../engine/plan.ts";
import { buildTable, type ResultTable, type TableRow } from "./tables.ts";
import type { Cell, Protocol, Scores } from "../config/types.ts";
import { canonicalJson, sha256Hex } from "../config/hash.ts";
import { unitKey } from "../engine/units.ts";

/** Summary of one run directory, as cached in `<run>/metrics.json`. */
export interface RunSummary {
  cell: string;
  seed: number;
  /** Hash of the unit records it was computed from (recomputed when they change). */
  source: string;
  protocols: Partial<Record<Protocol, { scores: Scores; epochs: Record<string, number> }>>;
  warnings: string[];
}

/**
 * Evaluates one finished run (every fold of `cell` × `seed` done), or returns `null` when units are missing.
 * The summary is cached and reused while the unit records are unchanged.
 */
export async function summarizeRun(plan: SweepPlan, cell: Cell, seed: number): Promise<RunSummary | null> {
  const dir = runDirOf(plan, cell, seed);
  const keys: string[] = [];
  for (const u of plan.units) {
    if (u.cell.key !== cell.key || u.seed !== seed) continue;
    const rec = await readUnitRecord(unitPath(dir, u.fold), u.key);
    if (!rec) return null;
    keys.push(`${rec.key}@${rec.finishedAt}`);
  }
  const source = await sha256Hex(canonicalJson(keys));
  try {
    const cached = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`)) as RunSummary;
    if (cached.source === source) return cached;
  } catch { /* missing or stale: recompute */ }
  const post = cell.config.postproc;
  const { knownVideos: _known, ...match } = cell.config.eval; // evaluateRun sets them
  const ev = await evaluateRun(dir, { spot: { proposals: post.proposals, nms: post.nms }, match });
  const summary: RunSummary = { cell: cell.label, seed, source, protocols: {}, warnings: ev.warnings };
  for (const p of cell.config.sweep.protocols) {
    const r = ev.protocols[p];
    if (r) summary.protocols[p] = { scores: r.metrics, epochs: r.epochs };
  }
  await writeJsonAtomic(`${dir}/summary.json`, summary);
  return summary;
}

/** Table rows of a plan: one per cell × protocol, with every finished seed. */
export async function collectRows(plan: SweepPlan): Promise<{ rows: TableRow[]; missing: string[] }> {
  const rows: TableRow[] = [];
  const missing: string[] = [];
  for (const cell of plan.cells) {
    const byProtocol = new Map<Protocol, Scores[]>();
    for (const seed of cell.config.sweep.seeds) {
      const s = await summarizeRun(plan, cell, seed);
      if (!s) {
        missing.push(`${cell.label} seed ${seed}`);
        continue;
      }
      for (const p of cell.config.sweep.protocols) {
        const r = s.protocols[p];
        if (r) byProtocol.set(p, [...(byProtocol.get(p) ?? []), r.scores]);
      }
    }
    for (const p of cell.config.sweep.protocols) {
      const seeds = byProtocol.get(p);
      if (seeds?.length) rows.push({ cell: cell.label, protocol: p, seeds });
    }
  }
  return { rows, missing };
}

/**
 * Writes `<results>/<experiment>/table.md` and `table.csv` from the finished runs and returns the table.
 * Cells with unfinished seeds are listed under the table.
 */
export async function writeTables(plan: SweepPlan): Promise<ResultTable & { missing: string[] }> {
  const { rows, missing } = await collectRows(plan);
  const t = buildTable(rows, {
    title: `${plan.experiment.name}: ${plan.experiment.description}`,
    paper: plan.experiment.paper,
  });
  const base = `${plan.results}/${plan.experiment.name}/table`;
  const note = missing.length ? `\nNot finished (not in the table): ${missing.join("; ")}\n` : "";
  await Deno.mkdir(`${plan.results}/${plan.experiment.name}`, { recursive: true });
  await Deno.writeTextFile(`${base}.md`, t.markdown + note);
  await Deno.writeTextFile(`${base}.csv`, t.csv);
  return { ...t, missing };
}

/**
 * Rebuilds the plan of the last sweep of `experiment` from `<results>/<experiment>/experiment.json` and the
 * cells' `cell.json` (the configs actually run, e.g. with `--small`), so tables and figures regenerate from
 * `results/` alone.
 *
 * @throws Error naming the file when the experiment has not been swept.
 */
export async function storedPlan(results: string, experiment: string): Promise<SweepPlan> {
  const path = `${results}/${experiment}/experiment.json`;
  let stored: {
    name: string;
    description: string;
    paper: SweepPlan["experiment"]["paper"] | null;
    cells: { label: string; key: string }[];
    folds: Record<string, string[]>;
  };
  try {
    stored = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new Error(`cannot read ${path} (${(e as Error).message}); run \`deno task sweep ${experiment}\` first`);
  }
  const cells: Cell[] = [];
  for (const c of stored.cells) {
    const info = JSON.parse(await Deno.readTextFile(`${cellDir(results, experiment, c)}/cell.json`)) as Cell;
    cells.push({ label: info.label, axes: info.axes, key: info.key, config: info.config });
  }
  const units: SweepPlan["units"] = [];
  const done = new Set<string>();
  for (const cell of cells) {
    for (const seed of cell.config.sweep.seeds) {
      for (const fold of stored.folds[cell.key] ?? []) {
        const key = await unitKey(cell, seed, fold);
        units.push({ cell, seed, fold, key });
        if (await readUnitRecord(unitPath(runDir(results, experiment, cell, seed), fold), key)) done.add(key);
      }
    }
  }
  return {
    experiment: {
      name: stored.name,
      description: stored.description,
      config: {},
      ...(stored.paper ? { paper: stored.paper } : {}),
    },
    results,
    cells,
    folds: stored.folds,
    units,
    done,
    stale: [],
    warnings: [],
  };
}
