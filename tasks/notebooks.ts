/**
 * Notebook tooling: `--extract` writes `notebooks/<name>.nb.ts` for `deno check`/`deno lint`;
 * `--execute` runs every notebook headless with the installed Deno kernelspec at small settings (retraining) into
 * `--out`, and fails naming the notebook and cell when a cell fails; `--refresh` runs them at their default settings
 * (published results only, no retraining) and writes the outputs into the notebooks themselves, for committing.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import {
  executeNotebook,
  extractCode,
  hasJupyter,
  JUPYTER_HINT,
  lintNotebook,
  type NotebookJson,
  RETRAIN_ENV,
  SMALL_ENV,
} from "../lib/notebook/notebook.ts";
import { installKernelSpec } from "../lib/notebook/kernelspec.ts";

const SPEC = {
  extract: { type: "boolean", help: "write notebooks/<name>.nb.ts from the code cells" },
  execute: { type: "boolean", help: "execute every notebook headless (small settings, retraining) into --out" },
  refresh: { type: "boolean", help: "execute at default settings (no retraining) and write outputs in place" },
  only: { type: "string", help: "run only notebooks whose name contains this" },
  dir: { type: "string", default: "notebooks", help: "notebook folder" },
  out: { type: "string", default: "results/notebooks", help: "folder of the executed copies" },
} as const;
const USAGE = usage("deno run -A tasks/notebooks.ts", SPEC);

async function listNotebooks(dir: string, only?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ipynb") && (!only || e.name.includes(only))) out.push(`${dir}/${e.name}`);
  }
  return out.sort();
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (!args.flags.extract && !args.flags.execute && !args.flags.refresh) {
    throw new UsageError("give --extract, --execute and/or --refresh");
  }
  if (args.flags.execute && args.flags.refresh) throw new UsageError("give --execute or --refresh, not both");
  const dir = stringFlag(args, "dir")!;
  const books = await listNotebooks(dir, stringFlag(args, "only"));
  const problems: string[] = [];
  for (const path of books) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const nb = JSON.parse(await Deno.readTextFile(path)) as NotebookJson;
    problems.push(...lintNotebook(nb, name));
    if (args.flags.extract) await Deno.writeTextFile(path.replace(/\.ipynb$/, ".nb.ts"), extractCode(nb, name));
  }
  if (problems.length) throw new Error(`notebook structure:\n  ${problems.join("\n  ")}`);
  if (args.flags.extract) console.error(`extracted ${books.length} notebooks to ${dir}/*.nb.ts`);
  if (!args.flags.execute && !args.flags.refresh) return;
  const refresh = args.flags.refresh === true;
  if (!(await hasJupyter())) throw new Error(JUPYTER_HINT);
  // the kernelspec is installed as `deno task notebook` installs it, into a temporary Jupyter data folder
  const dataDir = await Deno.makeTempDir({ prefix: "spotkit-jupyter-" });
  await installKernelSpec({ env: { JUPYTER_DATA_DIR: dataDir } });
  const failed: string[] = [];
  try {
    for (const path of books) {
      const t0 = performance.now();
      const { output, error } = await executeNotebook(path, {
        outDir: refresh ? dir : stringFlag(args, "out")!,
        dataDir,
        env: refresh ? { [SMALL_ENV]: "", [RETRAIN_ENV]: "" } : { [SMALL_ENV]: "1" },
      });
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      if (error) {
        failed.push(`${path}: cell ${error.index} (id ${error.id}) failed: ${error.message}`);
        console.error(`FAIL ${path} (${s} s): cell ${error.index} (id ${error.id}): ${error.message}`);
      } else console.error(`ok   ${path} (${s} s) → ${output}`);
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
  if (failed.length) throw new Error(`${failed.length} notebook(s) failed:\n  ${failed.join("\n  ")}`);
  if (refresh) { // outputs written in place are formatted as `deno fmt` would, so `deno task fmt:check` stays clean
    const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", ...books] }).output();
    if (!fmt.success) throw new Error(`deno fmt ${books.join(" ")} failed: ${new TextDecoder().decode(fmt.stderr)}`);
  }
  console.log(`notebooks: ${books.length} passed, 0 failed`);
}

if (import.meta.main) runMain(main, USAGE);
