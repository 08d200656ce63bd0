/**
 * Runs a task's main function and turns errors into a one-line message and an exit code:
 * users see what went wrong and what to do, not a stack trace (set SPOTKIT_DEBUG=1 for it).
 *
 * @module
 */
import { UsageError } from "./args.ts";

/** Runs `main`; prints `error: message` and exits 2 on usage errors, 1 on other errors. */
export async function runMain(main: () => Promise<void>, usageText?: string): Promise<void> {
  try {
    await main();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    console.error(`error: ${err.message}`);
    if (err instanceof UsageError && usageText) console.error(usageText);
    if (Deno.env.get("SPOTKIT_DEBUG")) console.error(err.stack);
    Deno.exit(err instanceof UsageError ? 2 : 1);
  }
}
