/**
 * Notebook tooling for CI: code-cell extraction to `.nb.ts` (so `deno check` and `deno lint` see notebook code)
 * and headless execution through `jupyter nbconvert` with the Deno kernelspec `deno-kit` installed in a Jupyter data
 * folder (lib/notebook/kernelspec.ts; deno-stack.md §3).
 *
 * @module
 */

/** The parts of an `.ipynb` file the tooling reads. */
export interface NotebookJson {
  cells: { cell_type: string; id?: string; source: string | string[]; outputs?: NotebookOutput[] }[];
  metadata?: { kernelspec?: { name?: string; display_name?: string } };
}

/** One cell output (only error fields are read). */
export interface NotebookOutput {
  output_type: string;
  ename?: string;
  evalue?: string;
}

/** Kernelspec name every notebook must use. */
export const KERNEL_NAME = "deno-kit";

/** Env var the notebooks read to pick small settings (it implies retraining: CI executes the retrain cells). */
export const SMALL_ENV = "SPOTKIT_SMALL";

/** Env var that turns on a notebook's Retrain cells (off: the notebook only shows the published results). */
export const RETRAIN_ENV = "SPOTKIT_RETRAIN";

/** The kernelspec (`NO_COLOR` keeps text/plain outputs free of ANSI codes). */
export const KERNEL_SPEC = Object.freeze({
  argv: ["deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
  display_name: "Deno (SpotKit)",
  language: "typescript",
  env: { NO_COLOR: "1" },
});

/** What to install when `jupyter` is missing. */
export const JUPYTER_HINT =
  "jupyter is not installed; run: apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient";

function source(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Checks a notebook's structure: kernelspec `deno-kit`, an `id` on every cell, the 500 ms warm-up as the first code
 * cell (works around lost first-cell outputs), and the Retrain switch: a code cell defining `const RETRAIN` from
 * {@link RETRAIN_ENV}, documented in the first Markdown cell. Returns the problems found (empty = fine).
 */
export function lintNotebook(nb: NotebookJson, name: string): string[] {
  const out: string[] = [];
  if (nb.metadata?.kernelspec?.name !== KERNEL_NAME) {
    out.push(`${name}: metadata.kernelspec.name must be "${KERNEL_NAME}"`);
  }
  nb.cells.forEach((c, i) => {
    if (!c.id) out.push(`${name}: cell ${i} has no id`);
  });
  const first = nb.cells.find((c) => c.cell_type === "code");
  if (!first || !/setTimeout\(\w+, 500\)/.test(source(first))) {
    out.push(`${name}: the first code cell must be the warm-up \`await new Promise((r) => setTimeout(r, 500));\``);
  }
  const code = nb.cells.filter((c) => c.cell_type === "code").map(source).join("\n");
  if (!new RegExp(`const RETRAIN = .*"${RETRAIN_ENV}"`).test(code)) {
    out.push(
      `${name}: a code cell must define the Retrain switch \`const RETRAIN = Deno.env.get("${RETRAIN_ENV}") === "1" …\``,
    );
  }
  const intro = nb.cells.find((c) => c.cell_type === "markdown");
  if (!intro || !source(intro).includes(RETRAIN_ENV)) {
    out.push(`${name}: the first Markdown cell must say how to retrain (${RETRAIN_ENV}=1)`);
  }
  return out;
}

/**
 * Joins the code cells of a notebook into one TypeScript module (cells separated by a comment naming the cell
 * id, then `export {}`), for `deno check` / `deno lint`.
 *
 * @example
 * ```ts
 * extractCode({ cells: [{ cell_type: "code", id: "a", source: ["const x = 1;"] }] }, "n.ipynb");
 * // "// generated from n.ipynb …\n// cell a\nconst x = 1;\n;\nexport {};\n"
 * ```
 */
export function extractCode(nb: NotebookJson, name: string): string {
  const parts = [`// generated from ${name} by tasks/notebooks.ts --extract; do not edit\n`];
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    parts.push(`// cell ${c.id ?? "?"}\n${source(c)}\n;\n`);
  }
  parts.push("export {};\n");
  return parts.join("");
}

/** The first failing cell of an executed notebook, if any. */
export function firstError(nb: NotebookJson): { index: number; id: string; message: string } | null {
  for (const [i, c] of nb.cells.entries()) {
    for (const o of c.outputs ?? []) {
      if (o.output_type === "error") {
        return { index: i, id: c.id ?? "?", message: `${o.ename ?? "Error"}: ${o.evalue ?? ""}` };
      }
    }
  }
  return null;
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Folder the executed copy is written to. */
  outDir: string;
  /**
   * Jupyter data folder (`JUPYTER_DATA_DIR`) where `deno-kit` is installed (lib/notebook/kernelspec.ts).
   * @default the user's (`jupyter --data-dir`)
   */
  dataDir?: string;
  /** Extra environment (e.g. `{SPOTKIT_SMALL: "1"}`). @default {} */
  env?: Record<string, string>;
  /** Per-cell timeout in seconds. @default 600 */
  cellTimeout?: number;
}

/**
 * Writes the project-local kernelspec under `<dir>/kernels/deno-kit/kernel.json` and returns `dir`. The kernel runs
 * the Deno executable running this code (`deno` need not be on `PATH`, e.g. under `npx deno`).
 */
export async function writeKernelSpec(dir: string, deno = Deno.execPath()): Promise<string> {
  await Deno.mkdir(`${dir}/kernels/${KERNEL_NAME}`, { recursive: true });
  const spec = { ...KERNEL_SPEC, argv: [deno, ...KERNEL_SPEC.argv.slice(1)] };
  await Deno.writeTextFile(`${dir}/kernels/${KERNEL_NAME}/kernel.json`, JSON.stringify(spec, null, 1));
  return dir;
}

/** True when `jupyter nbconvert` can be run. */
export async function hasJupyter(): Promise<boolean> {
  try {
    const o = await new Deno.Command("jupyter", { args: ["nbconvert", "--version"], stdout: "null", stderr: "null" })
      .output();
    return o.success;
  } catch {
    return false;
  }
}

/**
 * Executes a notebook headless (`jupyter nbconvert --to notebook --execute --allow-errors`) and returns the
 * executed copy's path and its first failing cell. Throws when nbconvert itself fails (kernel died, bad JSON),
 * with its stderr tail.
 */
export async function executeNotebook(
  path: string,
  options: ExecuteOptions,
): Promise<{ output: string; error: ReturnType<typeof firstError> }> {
  const name = path.slice(path.lastIndexOf("/") + 1);
  await Deno.mkdir(options.outDir, { recursive: true });
  const o = await new Deno.Command("jupyter", {
    args: [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--allow-errors",
      `--ExecutePreprocessor.timeout=${options.cellTimeout ?? 600}`,
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      "--ExecutePreprocessor.record_timing=False", // no timestamps in committed outputs
      "--output-dir",
      options.outDir,
      "--output",
      name,
      path,
    ],
    env: { ...(options.dataDir ? { JUPYTER_DATA_DIR: options.dataDir } : {}), NO_COLOR: "1", ...(options.env ?? {}) },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!o.success) {
    const tail = new TextDecoder().decode(o.stderr).trim().split("\n").slice(-15).join("\n");
    throw new Error(`${name}: jupyter nbconvert failed (exit ${o.code}):\n${tail}`);
  }
  const output = `${options.outDir}/${name}`;
  const nb = JSON.parse(await Deno.readTextFile(output)) as NotebookJson;
  return { output, error: firstError(nb) };
}
