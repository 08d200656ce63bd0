/**
 * The one place where command-line arguments are parsed (Deno's built-in `node:util` `parseArgs`).
 * Swapping in `@std/cli` later touches only this file.
 *
 * @module
 */
import { parseArgs as nodeParseArgs } from "node:util";
import { parseRealCell } from "../io/numeric.ts";

/** Description of one flag. */
export interface FlagSpec {
  /** `string` flags take a value, `boolean` flags do not. */
  type: "string" | "boolean";
  /** Single-letter alias. */
  short?: string;
  /** Default value (as a string for string flags). */
  default?: string | boolean;
  /** Allow the flag more than once (value becomes an array). */
  multiple?: boolean;
  /** One-line help text. */
  help?: string;
}

/** Parsed arguments: flags by name and positionals in order. */
export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Error thrown for bad command lines; tasks print its message and the usage, never a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Parses `argv` against `spec`. Unknown flags raise a {@link UsageError} naming the flag.
 *
 * @example
 * ```ts
 * const a = parseArgs(["--window", "17", "x"], { window: { type: "string" } });
 * // a.flags.window === "17", a.positionals === ["x"]
 * ```
 */
export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const options: Record<
    string,
    { type: "string" | "boolean"; short?: string; default?: string | boolean; multiple?: boolean }
  > = {};
  for (const [name, s] of Object.entries(spec)) {
    options[name] = { type: s.type };
    if (s.short) options[name].short = s.short;
    if (s.default !== undefined) options[name].default = s.default;
    if (s.multiple) options[name].multiple = true;
  }
  options.help = { type: "boolean", short: "h" };
  try {
    const { values, positionals } = nodeParseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { flags: values as ParsedArgs["flags"], positionals };
  } catch (e) {
    throw new UsageError(usageMessage((e as Error).message, Object.keys(options)));
  }
}

/** Rewrites `node:util` parse errors: names the flag, suggests a close known flag, explains negative values. */
function usageMessage(raw: string, known: readonly string[]): string {
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(raw);
  if (unknown) {
    const near = closest(unknown[2], known);
    return `unknown option ${unknown[1]}${unknown[2]}` + (near ? `; did you mean --${near}?` : "; see --help");
  }
  const ambiguous = /^Option '(--?[^' ]+)[^']*' argument is ambiguous/.exec(raw);
  if (ambiguous) {
    return `${ambiguous[1]} needs a value; for a value starting with "-" write ${ambiguous[1]}=VALUE ` +
      `(e.g. ${ambiguous[1]}=-1)`;
  }
  const missing = /^Option '(--?[^' ]+)[^']*' argument missing/.exec(raw);
  if (missing) return `${missing[1]} needs a value`;
  return raw.replace(/\. To specify a positional.*$/s, ".");
}

/** The known flag within edit distance 2 of `name` (or that starts with it), if exactly one is closest. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const k of known) {
    const d = k.startsWith(name) || name.startsWith(k) ? 1 : editDistance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Usage text from a spec. */
export function usage(command: string, spec: Record<string, FlagSpec>, positional = ""): string {
  const lines = [`usage: ${command}${positional ? " " + positional : ""} [options]`];
  for (const [name, s] of Object.entries(spec)) {
    const flag = `--${name}${s.type === "string" ? " VALUE" : ""}`;
    const def = s.default !== undefined ? ` (default ${s.default})` : "";
    lines.push(`  ${flag.padEnd(28)} ${s.help ?? ""}${def}`);
  }
  return lines.join("\n");
}

/**
 * Reads a string flag as a number in decimal or scientific notation (`17`, `0.5`, `2e-4`); throws
 * {@link UsageError} naming the flag for anything else (`0x11`, `Infinity`, empty).
 */
export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === "string" ? parseRealCell(v) : NaN;
  if (typeof v !== "string" || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
  }
  return n;
}

/** Reads a string flag. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === "string" ? v : undefined;
}

/** Reads a string flag restricted to `choices`; throws a {@link UsageError} listing them otherwise. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}; got "${v}"`);
  }
  return v as T;
}
