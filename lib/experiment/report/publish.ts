/**
 * Writes a published results folder: for every experiment swept into it, the table in the published layout
 * (Markdown + CSV, protocols side by side) and one manifest entry per cell with its config hash, seeds, every unit
 * (fold, unit key, seconds, commit, backend) and the scores of every protocol and seed, so that each number in a
 * table can be traced to the units it was computed from. Figures are added by the caller. The format and its reader:
 * `published.ts`.
 *
 * @module
 */
import { collectRows, storedPlan, summarizeRun } from "./collect.ts";
import { buildWideTable } from "./wide_table.ts";
import { readUnitRecord, runDir, unitPath, writeJsonAtomic } from "../engine/store.ts";
import type { Protocol } from "../config/types.ts";
import {
  PUBLISHED_FORMAT,
  type PublishedCell,
  type PublishedFigure,
  type PublishedManifest,
  type PublishedTable,
  type PublishedUnit,
} from "./published.ts";

/** How a plan's folds were formed, for table notes. */
export function foldsDescription(folds: number, count: number): string {
  return folds > 0 ? `${folds} subject-grouped folds` : `leave-one-subject-out, ${count} folds`;
}

/**
 * Writes `tables/<experiment>.md|.csv` for one swept experiment under `dir` and returns its manifest entry.
 * @throws Error naming the file when the experiment was never swept into `dir`.
 */
export async function publishTable(dir: string, experiment: string): Promise<PublishedTable> {
  const plan = await storedPlan(dir, experiment);
  const cfg0 = plan.cells[0].config;
  const folds = foldsDescription(cfg0.sweep.folds, Object.values(plan.folds)[0]?.length ?? 0);
  const { rows, missing } = await collectRows(plan);
  const title = `${plan.experiment.name}: ${plan.experiment.description}`;
  const table = buildWideTable(rows, {
    title,
    paper: plan.experiment.paper,
    protocols: cfg0.sweep.protocols,
    folds,
  });
  const note = missing.length ? `\nNot finished (not in the table): ${missing.join("; ")}\n` : "";
  await Deno.mkdir(`${dir}/tables`, { recursive: true });
  await Deno.writeTextFile(`${dir}/tables/${experiment}.md`, table.markdown + note);
  await Deno.writeTextFile(`${dir}/tables/${experiment}.csv`, table.csv);
  const cells: PublishedCell[] = [];
  for (const cell of plan.cells) {
    const units: PublishedUnit[] = [];
    const scores: PublishedCell["scores"] = {};
    const seeds: number[] = [];
    for (const seed of cell.config.sweep.seeds) {
      const summary = await summarizeRun(plan, cell, seed);
      if (!summary) continue;
      seeds.push(seed);
      for (const [p, r] of Object.entries(summary.protocols)) {
        (scores[p as Protocol] ??= {})[String(seed)] = r.scores;
      }
      for (const u of plan.units.filter((u) => u.cell.key === cell.key && u.seed === seed)) {
        const rec = await readUnitRecord(unitPath(runDir(dir, experiment, cell, seed), u.fold), u.key);
        if (!rec) continue;
        units.push({
          seed,
          fold: u.fold,
          key: u.key,
          seconds: rec.seconds,
          ...(rec.cpuSeconds === undefined ? {} : { cpuSeconds: rec.cpuSeconds }),
          ...(rec.resumed?.earlierSeconds === null ? { partialTime: true as const } : {}),
          commit: rec.gitCommit,
          backend: rec.backend,
        });
      }
    }
    cells.push({ label: cell.label, configHash: cell.key, seeds, units, scores });
  }
  return {
    experiment,
    source: await sourceOf(dir, experiment),
    title,
    markdown: `tables/${experiment}.md`,
    csv: `tables/${experiment}.csv`,
    folds,
    cells,
    missing,
  };
}

async function sourceOf(dir: string, experiment: string): Promise<string> {
  try {
    const s = JSON.parse(await Deno.readTextFile(`${dir}/${experiment}/experiment.json`)).source;
    return typeof s === "string" ? s : "";
  } catch {
    return "";
  }
}

/** What the machine is, for the manifest. */
export async function machineInfo(): Promise<PublishedManifest["machine"]> {
  let cpu = "unknown";
  try {
    const m = /model name\s*:\s*(.+)/.exec(await Deno.readTextFile("/proc/cpuinfo"));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  return { cores: navigator.hardwareConcurrency ?? 1, cpu, os: `${Deno.build.os} ${Deno.osRelease()}` };
}

/** Writes `manifest.json` (atomically) from the table entries and figures. */
export async function writeManifest(
  dir: string,
  info: { benchmark: string; profile: string; commit: string },
  tables: PublishedTable[],
  figures: PublishedFigure[],
): Promise<PublishedManifest> {
  const all = tables.flatMap((t) => t.cells.flatMap((c) => c.units));
  const units = [...new Map(all.map((u) => [u.key, u])).values()]; // a unit shared by tables counts once
  const timed = units.filter((u) => u.cpuSeconds !== undefined);
  const partial = units.filter((u) => u.partialTime).length;
  const manifest: PublishedManifest = {
    format: PUBLISHED_FORMAT,
    benchmark: info.benchmark,
    profile: info.profile,
    createdAt: new Date().toISOString(),
    commit: info.commit,
    backend: [...new Set(units.map((u) => u.backend))].sort().join(", ") || "none",
    machine: await machineInfo(),
    wallSeconds: Math.round(units.reduce((a, u) => a + u.seconds, 0)),
    ...(timed.length === 0 ? {} : {
      cpu: {
        seconds: Math.round(timed.reduce((a, u) => a + u.cpuSeconds!, 0)),
        units: timed.length,
        of: units.length,
      },
    }),
    ...(partial ? { partialTimeUnits: partial } : {}),
    tables,
    figures,
  };
  await writeJsonAtomic(`${dir}/manifest.json`, manifest);
  return manifest;
}
