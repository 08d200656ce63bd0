/**
 * Units shared between experiments of one results root: a cell with the same config hash in two experiments (e.g.
 * the default SpotFormer in every ablation table) trains the same units (same unit keys). Before a sweep, finished
 * units of such a cell are copied from the other experiment's store (record, fold folder with its probabilities and
 * checkpoint where kept, annotations, the cell × seed summary), so they are trained once; the records keep the
 * experiment they were trained in.
 *
 * @module
 */
import { experimentDir, readUnitRecord, runDir, unitPath } from "./store.ts";
import type { SweepPlan } from "./plan.ts";
import { exists } from "../../io/exists.ts";

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/**
 * Copies finished units of `plan`'s unfinished units from the same cells (by config hash) of `others` (experiment
 * names under the plan's results root). Returns the number of units copied; the caller re-plans to see them.
 */
export async function shareUnits(plan: SweepPlan, others: readonly string[]): Promise<number> {
  let copied = 0;
  for (const u of plan.units) {
    if (plan.done.has(u.key)) continue;
    for (const other of others) {
      if (other === plan.experiment.name) continue;
      let found: string | null = null;
      try {
        for await (const e of Deno.readDir(`${experimentDir(plan.results, other)}/cells`)) {
          if (e.isDirectory && e.name.endsWith(`-${u.cell.key}`)) {
            found = `${experimentDir(plan.results, other)}/cells/${e.name}`;
          }
        }
      } catch { /* experiment not swept */ }
      if (!found) continue;
      const from = `${found}/seed-${u.seed}`;
      if (!(await readUnitRecord(unitPath(from, u.fold), u.key))) continue;
      const to = runDir(plan.results, plan.experiment.name, u.cell, u.seed);
      await Deno.mkdir(to, { recursive: true });
      if (await exists(`${from}/folds/${u.fold}`)) await copyTree(`${from}/folds/${u.fold}`, `${to}/folds/${u.fold}`);
      for (const f of ["annotations.csv", "summary.json"]) { // the summary is valid for the same unit records
        if (!(await exists(`${to}/${f}`)) && await exists(`${from}/${f}`)) {
          await Deno.copyFile(`${from}/${f}`, `${to}/${f}`);
        }
      }
      await Deno.mkdir(`${to}/units`, { recursive: true });
      await Deno.copyFile(unitPath(from, u.fold), unitPath(to, u.fold)); // last: the unit counts as done only now
      copied++;
      break;
    }
  }
  return copied;
}

/**
 * Published stores keep unit records and each finished cell × seed's `summary.json`, not the probabilities (too large
 * for git). A unit whose record is present but whose probabilities are not (trained on another machine) can only be
 * summarized with its cell × seed; when that summary is missing, the record is removed so the unit is trained again
 * (training is deterministic: the same numbers). Returns the removed record paths.
 */
export async function dropOrphanUnits(plan: SweepPlan): Promise<string[]> {
  const removed: string[] = [];
  for (const cell of plan.cells) {
    for (const seed of cell.config.sweep.seeds) {
      const units = plan.units.filter((u) => u.cell.key === cell.key && u.seed === seed);
      const run = runDir(plan.results, plan.experiment.name, cell, seed);
      if (units.every((u) => plan.done.has(u.key)) && await exists(`${run}/summary.json`)) continue;
      for (const u of units) {
        if (!plan.done.has(u.key)) continue;
        let files = 0;
        try {
          for await (const e of Deno.readDir(`${run}/folds/${u.fold}`)) if (/^epoch_\d+\.json$/.test(e.name)) files++;
        } catch { /* no folder */ }
        if (files > 0) continue;
        await Deno.remove(unitPath(run, u.fold));
        plan.done.delete(u.key);
        removed.push(unitPath(run, u.fold));
      }
    }
  }
  return removed;
}
