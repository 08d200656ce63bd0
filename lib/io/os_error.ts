/**
 * The reason of a file-system error without Deno's raw suffix: `No such file or directory (os error 2): readfile
 * '/x'` → `No such file or directory`. Messages name the path themselves, once.
 *
 * @module
 */

/**
 * The readable part of an error's message (the OS reason, without `(os error N)` and the repeated path).
 *
 * @example
 * ```ts
 * osReason(new Error("No such file or directory (os error 2): readfile '/x'")); // "No such file or directory"
 * ```
 */
export function osReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/ \(os error \d+\).*$/s, "");
}
