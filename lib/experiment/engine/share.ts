/**
 * Units shared between experiments of one results root: a cell with the same config hash in two experiments (e.g.
 * the default SpotFormer in every ablation table) trains the same units (same unit keys). Before a sweep, finished
 * units of such a cell are copied from the other experiment's store (record, fold folder with its probabilities and
 * checkpoint, annotations), so they are trained once; the records keep the experiment they were trained in.
 *
 * @module
 */
import { experimentDir, readUnitRecord, runDir, unitPath } from "./store.ts";
import type { SweepPlan } from "./plan.ts";
import { exists } from "../../data/adapters/_common.ts";

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
      await copyTree(`${from}/folds/${u.fold}`, `${to}/folds/${u.fold}`);
      if (!(await exists(`${to}/annotations.csv`))) {
        await Deno.mkdir(to, { recursive: true });
        await Deno.copyFile(`${from}/annotations.csv`, `${to}/annotations.csv`);
      }
      await Deno.mkdir(`${to}/units`, { recursive: true });
      await Deno.copyFile(unitPath(from, u.fold), unitPath(to, u.fold)); // last: the unit counts as done only now
      copied++;
      break;
    }
  }
  return copied;
}
