/**
 * Worker entry of the sweep pool: runs one {@link UnitJob} per message and answers `{ok}` or `{ok:false, error}`,
 * with an `{epoch: true}` message after every trained epoch.
 *
 * @module
 */
import { runJob, type UnitJob } from "./sweep.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<UnitJob>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (e) => {
  try {
    await runJob(e.data, () => scope.postMessage({ epoch: true }));
    scope.postMessage({ ok: true });
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
