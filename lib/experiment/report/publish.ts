/**
 * Writes a published results folder: for every experiment swept into it, the table in the published layout
 * (Markdown + CSV, protocols side by side) and one manifest entry per cell with its config hash, seeds, every unit
 * (fold, unit key, seconds, commit, backend) and the scores of every protocol and seed, so that each number in a
 * table can be traced to the units it was computed from. Figures are added by the caller.
 *
 * @module
 */
import { collectRows, storedPlan, summarizeRun } from "./collect.ts";
import { buildWideTable } from "./wide_table.ts";
import { readUnitRecord, runDir, unitPath, writeJsonAtomic } from "../engine/store.ts";
import type { Protocol, Scores } from "../config/types.ts";

/** Format tag of `manifest.json`. */
export const PUBLISHED_FORMAT = "spotkit-published/1";

/** One finished unit behind a published cell. */
export interface PublishedUnit {
  seed: number;
  fold: string;
  /** Unit key (hash of cell config, seed and fold). */
  key: string;
  /** Wall-clock seconds of the unit (one core). */
  seconds: number;
  /** Commit the unit was trained at (`-dirty` when the tree had changes). */
  commit: string;
  backend: string;
}

/** One cell of a published table. */
export interface PublishedCell {
  label: string;
  /** The cell's config hash (`cellKey`): the identity of everything but seeds and fold choice. */
  configHash: string;
  seeds: number[];
  units: PublishedUnit[];
  /** Scores per protocol and seed (all folds pooled). */
  scores: Partial<Record<Protocol, Record<string, Scores>>>;
}

/** One published table. */
export interface PublishedTable {
  experiment: string;
  /** The experiment file it was swept from (relative to the repository root). */
  source: string;
  title: string;
  /** Paths relative to the published folder. */
  markdown: string;
  csv: string;
  /** How folds were formed (e.g. "4 subject-grouped folds"). */
  folds: string;
  cells: PublishedCell[];
  /** Cells × seeds not finished when the table was written (not in the table). */
  missing: string[];
}

/** One published figure (paths relative to the published folder). */
export interface PublishedFigure {
  name: string;
  title: string;
  svg: string;
  png: string;
  vegaLite?: string;
}

/** `manifest.json` of a published folder. */
export interface PublishedManifest {
  format: typeof PUBLISHED_FORMAT;
  benchmark: string;
  /** Data profile (e.g. the SynthFace profile id). */
  profile: string;
  createdAt: string;
  /** Commit the folder was written at. */
  commit: string;
  /** Backends the units ran on. */
  backend: string;
  machine: { cores: number; cpu: string; os: string };
  /** Sum of the units' wall-clock seconds (each unit uses one core; with N workers the elapsed time is ~1/N). */
  wallSeconds: number;
  tables: PublishedTable[];
  figures: PublishedFigure[];
}

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
  const units = tables.flatMap((t) => t.cells.flatMap((c) => c.units));
  const manifest: PublishedManifest = {
    format: PUBLISHED_FORMAT,
    benchmark: info.benchmark,
    profile: info.profile,
    createdAt: new Date().toISOString(),
    commit: info.commit,
    backend: [...new Set(units.map((u) => u.backend))].sort().join(", ") || "none",
    machine: await machineInfo(),
    wallSeconds: Math.round(units.reduce((a, u) => a + u.seconds, 0)),
    tables,
    figures,
  };
  await writeJsonAtomic(`${dir}/manifest.json`, manifest);
  return manifest;
}
