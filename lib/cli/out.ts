/**
 * Output paths given on the command line: folders are created (with their parents), and a path that cannot be
 * one (a file where a folder is wanted, a folder where a file is wanted, no permission) is an Error naming the
 * flag, the path and the reason instead of a raw OS error.
 *
 * @module
 */
import { osReason } from "../io/os_error.ts";

async function kind(path: string): Promise<"file" | "dir" | "other" | undefined> {
  try {
    const st = await Deno.stat(path);
    return st.isDirectory ? "dir" : st.isFile ? "file" : "other";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return undefined;
    throw new Error(`cannot inspect ${path}: ${osReason(e)}`);
  }
}

function parentOf(path: string): string {
  const p = path.replace(/\/+$/, "");
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
}

async function mkdirp(dir: string, what: string): Promise<void> {
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    const reason = e instanceof Deno.errors.AlreadyExists || e instanceof Deno.errors.NotADirectory
      ? "a file is in the way on that path"
      : osReason(e);
    throw new Error(`${what}: cannot create folder ${dir}: ${reason}`);
  }
}

/**
 * Makes sure `dir` is a folder one can write into (created with its parents when missing).
 * `what` names the flag for messages, e.g. `--out`.
 *
 * @example
 * ```ts ignore
 * await prepareOutDir(stringFlag(args, "out") ?? "results/spot", "--out");
 * ```
 */
export async function prepareOutDir(dir: string, what: string): Promise<void> {
  const k = await kind(dir);
  if (k === "dir") return;
  if (k) throw new Error(`${what} ${dir} is a file, not a folder; give a folder path`);
  await mkdirp(dir, what);
}

/**
 * Makes sure `path` can be written as a file: its parent folders are created, and an existing folder at
 * `path` is an Error. An existing file is replaced by the caller (say so in the flag's help).
 */
export async function prepareOutFile(path: string, what: string): Promise<void> {
  if ((await kind(path)) === "dir") throw new Error(`${what} ${path} is a folder; give a file path`);
  await mkdirp(parentOf(path), what);
}

/** Writes `text` to `path`; a failure is an Error naming `what`, the path and the reason (no raw OS error). */
export async function writeTextOut(path: string, text: string, what: string): Promise<void> {
  try {
    await Deno.writeTextFile(path, text);
  } catch (e) {
    throw new Error(`${what}: cannot write ${path}: ${osReason(e)}`);
  }
}
