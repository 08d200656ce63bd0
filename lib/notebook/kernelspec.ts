/**
 * Installs the notebooks' Deno kernelspec `deno-kit` for the user: `<jupyter data dir>/kernels/deno-kit/kernel.json`,
 * where `jupyter kernelspec install --user` would put it (the data dir is `jupyter --data-dir`: `JUPYTER_DATA_DIR`,
 * else `~/.local/share/jupyter` on Linux). Every Jupyter front end (classic Notebook, JupyterLab, VS Code, nbconvert)
 * finds it there.
 *
 * @module
 */
import { JUPYTER_HINT, KERNEL_NAME, writeKernelSpec } from "./notebook.ts";

/** Options of {@link installKernelSpec}. */
export interface InstallOptions {
  /** Jupyter data folder to install into. @default `jupyter --data-dir` under `env` */
  dataDir?: string;
  /** Environment of the `jupyter --data-dir` query (e.g. `{JUPYTER_DATA_DIR: tmp}`). @default the process's */
  env?: Record<string, string>;
  /** Deno executable the kernel runs. @default Deno.execPath() */
  deno?: string;
}

/** The user's Jupyter data folder, as `jupyter --data-dir` prints it under `env`. */
export async function jupyterDataDir(env: Record<string, string> = {}): Promise<string> {
  let o: Deno.CommandOutput;
  try {
    o = await new Deno.Command("jupyter", { args: ["--data-dir"], env, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(JUPYTER_HINT);
    throw e;
  }
  const dir = new TextDecoder().decode(o.stdout).trim();
  if (!o.success || !dir) {
    throw new Error(`jupyter --data-dir failed (exit ${o.code}): ${new TextDecoder().decode(o.stderr).trim()}`);
  }
  return dir;
}

/**
 * Writes the `deno-kit` kernelspec into the user's Jupyter data folder (replacing an older one) and returns the
 * path of its `kernel.json`.
 *
 * @example
 * ```ts
 * await installKernelSpec(); // "/home/me/.local/share/jupyter/kernels/deno-kit/kernel.json"
 * ```
 */
export async function installKernelSpec(options: InstallOptions = {}): Promise<string> {
  const dir = options.dataDir ?? await jupyterDataDir(options.env);
  await writeKernelSpec(dir, options.deno);
  return `${dir}/kernels/${KERNEL_NAME}/kernel.json`;
}
