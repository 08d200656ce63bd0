/**
 * Starts a classic Jupyter Notebook server (Debian's `jupyter-notebook` 6.4) on a folder, bound to 127.0.0.1 only,
 * without opening a browser.
 *
 * @module
 */

/** What to install when `jupyter notebook` is missing. */
export const NOTEBOOK_HINT =
  "the Jupyter Notebook server is not installed; run: bash scripts/setup.sh (or apt-get install -y --no-install-recommends jupyter-notebook)";

/** Options of {@link startNotebookServer}. */
export interface ServerOptions {
  /** Folder served (its notebooks open with their own folder as working directory). */
  dir: string;
  /** TCP port on 127.0.0.1. @default 8888 */
  port?: number;
  /** Access token; omitted = the server makes one and prints its URL. */
  token?: string;
  /** Extra environment (e.g. `{JUPYTER_DATA_DIR: …}`). @default {} */
  env?: Record<string, string>;
  /** Inherit stdin/stdout/stderr (interactive use) instead of discarding the server's log. @default false */
  inherit?: boolean;
}

/** A running server. */
export interface NotebookServer {
  /** Base URL (`http://127.0.0.1:<port>/`). */
  url: string;
  process: Deno.ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
  stop(graceMs?: number): Promise<void>;
}

/** Arguments of `jupyter notebook` for {@link ServerOptions}. */
export function serverArgs(o: ServerOptions, root = Deno.uid() === 0): string[] {
  return [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${o.port ?? 8888}`,
    "--port-retries=0",
    `--notebook-dir=${o.dir}`,
    ...(o.token !== undefined ? [`--NotebookApp.token=${o.token}`] : []),
    ...(root ? ["--allow-root"] : []),
  ];
}

/** True when `jupyter notebook` (the classic Notebook server) can be run. */
export async function hasNotebookServer(): Promise<boolean> {
  const o = await new Deno.Command("jupyter", { args: ["notebook", "--version"], stdout: "null", stderr: "null" })
    .output().catch(() => null);
  return o?.success ?? false;
}

/**
 * Starts `jupyter notebook` on `options.dir`. Returns at once; poll {@link waitReady} before using it. Throws
 * {@link NOTEBOOK_HINT} when the server is not installed.
 */
export async function startNotebookServer(options: ServerOptions): Promise<NotebookServer> {
  if (!(await hasNotebookServer())) throw new Error(NOTEBOOK_HINT);
  const io = options.inherit ? "inherit" : "null";
  const process = new Deno.Command("jupyter", {
    args: serverArgs(options),
    env: options.env ?? {},
    stdin: io,
    stdout: io,
    stderr: io,
  }).spawn();
  let done = false;
  const status = process.status.finally(() => (done = true));
  const stop = async (graceMs = 10_000) => {
    if (done) return;
    process.kill("SIGTERM");
    const timer = setTimeout(() => !done && process.kill("SIGKILL"), graceMs);
    await status;
    clearTimeout(timer);
  };
  return { url: `http://127.0.0.1:${options.port ?? 8888}/`, process, stop };
}

/**
 * Waits until the server answers `GET /api/kernelspecs` and returns that answer (`{default, kernelspecs}`), or
 * throws after `timeoutMs` or when the server exits first.
 */
export async function waitReady(
  server: NotebookServer,
  token: string,
  timeoutMs = 60_000,
): Promise<{ default: string; kernelspecs: Record<string, unknown> }> {
  let exited = false;
  server.process.status.then(() => (exited = true));
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (exited) throw new Error("the notebook server exited before it answered");
    try {
      const r = await fetch(`${server.url}api/kernelspecs`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return await r.json();
      await r.body?.cancel();
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the notebook server did not answer at ${server.url} within ${timeoutMs / 1000} s`);
}
