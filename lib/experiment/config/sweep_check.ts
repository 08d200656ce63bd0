/**
 * The range checks of the config's sweep slice (seeds, folds, subjects, selection protocols, backend).
 *
 * @module
 */
import { SELECTION_PROTOCOLS as PROTOCOLS } from "../../eval/mod.ts";
import { BACKENDS } from "../../tf/backend.ts";
import type { SweepConfig } from "./types.ts";

/**
 * Checks the merged sweep slice.
 *
 * @throws RangeError naming the `sweep.*` key, what it must be and the value given.
 */
export function checkSweep(s: SweepConfig): void {
  if (s.seeds.length === 0 || s.seeds.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new RangeError(
      `config "sweep.seeds" must be a non-empty list of integers >= 0; got ${JSON.stringify(s.seeds)}`,
    );
  }
  if (new Set(s.seeds).size !== s.seeds.length) {
    throw new RangeError(`config "sweep.seeds" has duplicates: ${JSON.stringify(s.seeds)}`);
  }
  if (!Number.isInteger(s.folds) || s.folds < 0 || s.folds === 1) {
    throw new RangeError(
      `config "sweep.folds" must be 0 (leave-one-subject-out) or an integer >= 2 (subject-grouped folds); got ${s.folds}`,
    );
  }
  if (!Number.isInteger(s.maxFolds) || s.maxFolds < 0) {
    throw new RangeError(`config "sweep.maxFolds" must be an integer >= 0 (0 = every fold); got ${s.maxFolds}`);
  }
  if (s.subjects.some((x) => typeof x !== "string" || x === "") || new Set(s.subjects).size !== s.subjects.length) {
    throw new RangeError(`config "sweep.subjects" must be distinct subject ids; got ${JSON.stringify(s.subjects)}`);
  }
  if (!Number.isInteger(s.innerFolds) || s.innerFolds < 0) {
    throw new RangeError(
      `config "sweep.innerFolds" must be an integer >= 0 (0 = every other fold); got ${s.innerFolds}`,
    );
  }
  if (s.protocols.length === 0 || s.protocols.some((p) => !(PROTOCOLS as readonly string[]).includes(p))) {
    throw new RangeError(
      `config "sweep.protocols" must be a non-empty subset of ${PROTOCOLS.join(", ")}; got ${
        JSON.stringify(s.protocols)
      }`,
    );
  }
  if (!(BACKENDS as readonly string[]).includes(s.backend)) {
    throw new RangeError(`config "sweep.backend" must be one of ${BACKENDS.join(", ")}; got "${s.backend}"`);
  }
}
