/**
 * Whether a path can be stat'ed (file, folder or anything else). Any error — missing, no permission — reads as
 * "not there": callers use it to choose between layouts or to skip optional files, never to report why.
 *
 * @module
 */

/** True when `Deno.stat(path)` succeeds. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
