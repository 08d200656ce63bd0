/**
 * Loads an experiment file (`experiments/<name>.ts` or a path to one) and checks its shape.
 *
 * @module
 */
import type { Experiment } from "./types.ts";

/** Folder of the shipped experiments, relative to the working directory. @default "experiments" */
export const EXPERIMENTS_DIR = "experiments";

/**
 * Imports `nameOrPath` (a name under `experiments/`, with or without `.ts`, or a path) and returns its default
 * export (or its only `Experiment`-shaped export).
 *
 * @throws Error naming the file and listing the shipped experiments when it does not exist or is not an experiment.
 */
export async function loadExperiment(nameOrPath: string, dir = EXPERIMENTS_DIR): Promise<Experiment> {
  const path = nameOrPath.includes("/") || nameOrPath.endsWith(".ts") ? nameOrPath : `${dir}/${nameOrPath}.ts`;
  const abs = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  try {
    await Deno.stat(abs);
  } catch {
    throw new Error(
      `experiment "${nameOrPath}" not found (${path}); shipped: ${(await listExperiments(dir)).join(", ")}`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = await import(new URL(`file://${abs}`).href) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: the experiment file failed to load: ${(e as Error).message}`);
  }
  const exp = (mod.default ?? Object.values(mod).find(isExperiment)) as Experiment | undefined;
  if (!exp || !isExperiment(exp)) {
    throw new Error(`${path}: must export default an object with name, description and config (satisfies Experiment)`);
  }
  return exp;
}

/** Names of the experiment files in `dir`. */
export async function listExperiments(dir = EXPERIMENTS_DIR): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && e.name.endsWith(".ts")) out.push(e.name.slice(0, -3));
  } catch { /* no folder */ }
  return out.sort();
}

function isExperiment(v: unknown): v is Experiment {
  const e = v as Experiment;
  return typeof v === "object" && v !== null && typeof e.name === "string" && typeof e.description === "string" &&
    typeof e.config === "object";
}
