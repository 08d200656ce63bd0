/**
 * Atomic file writes: a temporary file in the same folder, then a rename, so a reader (or a crash, or `kill -9`)
 * sees either the whole old file or the whole new one. The temporary name is unique per write (workers of one
 * process share its pid).
 *
 * @module
 */

/** A unique temporary name beside `path` (matched by {@link removeStaleTemps}). */
const tempName = (path: string) => `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;

/** The folder of `path` ("/" for a file at the root, "." for a bare name). */
const folderOf = (path: string) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";

/** Writes `data` to `path` atomically, creating the folder when needed. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await Deno.mkdir(folderOf(path), { recursive: true });
  const tmp = tempName(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * {@link writeFileAtomic} for text, synchronously: for callbacks that cannot wait (e.g. a training loop's epoch
 * callback).
 */
export function writeTextFileAtomicSync(path: string, text: string): void {
  Deno.mkdirSync(folderOf(path), { recursive: true });
  const tmp = tempName(path);
  try {
    Deno.writeTextFileSync(tmp, text);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* never written */ }
    throw e;
  }
}

/** Writes `value` as indented JSON (one space) with a final newline, atomically. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 1) + "\n");
}

/** Temporary files {@link writeFileAtomic} leaves when its process is killed between write and rename. */
const TEMP = /\.tmp-\d+-[0-9a-f]{8}$/;

/**
 * Removes, under `dir` (recursively), the temporary files of atomic writes whose process was killed mid-write
 * (a cancelled cluster task, `kill -9`). Call it only where no other process writes, e.g. in a unit's own folder
 * once its claim is held. Returns the removed paths.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return removed;
    throw e;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) removed.push(...await removeStaleTemps(p));
    else if (e.isFile && TEMP.test(e.name)) {
      await Deno.remove(p).catch(() => {});
      removed.push(p);
    }
  }
  return removed;
}
