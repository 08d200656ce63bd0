/**
 * `deno task notebook`: installs the notebooks' Deno kernelspec `deno-kit` for the user (Jupyter's user data folder,
 * `jupyter --data-dir`), then starts the classic Jupyter Notebook server on `notebooks/`, bound to 127.0.0.1, until
 * Ctrl-C. JupyterLab and VS Code find the same kernelspec. `--install-only` stops after the kernelspec.
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { installKernelSpec } from "../lib/notebook/kernelspec.ts";
import { startNotebookServer } from "../lib/notebook/server.ts";

const SPEC = {
  "install-only": { type: "boolean", help: "install the kernelspec and exit" },
  port: { type: "string", default: "8888", help: "port of the server on 127.0.0.1" },
  dir: { type: "string", default: "notebooks", help: "folder served" },
} as const;
const USAGE = usage("deno task notebook", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) throw new UsageError(`no arguments expected (got "${args.positionals.join(" ")}")`);
  const port = numberFlag(args, "port")!;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be 1–65535, got ${port}`);
  const dir = await Deno.realPath(stringFlag(args, "dir")!).catch(() => {
    throw new UsageError(`--dir ${stringFlag(args, "dir")}: no such folder`);
  });
  const spec = await installKernelSpec();
  console.error(`kernelspec deno-kit installed: ${spec}`);
  if (args.flags["install-only"]) return;
  const server = await startNotebookServer({ dir, port, inherit: true });
  console.error(`Jupyter Notebook on ${dir} at ${server.url} (the server prints the URL with its token; Ctrl-C stops)`);
  // the server handles Ctrl-C itself (it asks for confirmation); SIGTERM is passed on
  const ignore = () => {};
  const pass = () => server.process.kill("SIGTERM");
  Deno.addSignalListener("SIGINT", ignore);
  Deno.addSignalListener("SIGTERM", pass);
  const status = await server.process.status;
  Deno.removeSignalListener("SIGINT", ignore);
  Deno.removeSignalListener("SIGTERM", pass);
  if (!status.success && status.signal === null) throw new Error(`jupyter notebook exited with code ${status.code}`);
}

if (import.meta.main) runMain(main, USAGE);
