/**
 * Evaluation folds over subjects: leave-one-subject-out (a fold is one subject, named by it) or `k`
 * subject-grouped folds (a fold is a group of subjects, named by its members joined with `+`, e.g.
 * `synth_01+synth_05`). Subjects are sorted and dealt round-robin, so group `i` holds subjects `i, i+k, …`.
 * The fold name is the folder name of the fold's results; evaluation reads the members back from it.
 *
 * @module
 */

/** Separator of the members in a grouped fold's name. */
export const FOLD_SEPARATOR = "+";

/**
 * Folds of `subjects`: one per subject when `groups` is 0 (LOSO), else `groups` subject-grouped folds.
 * @throws RangeError when `groups` is 1 or exceeds the number of subjects, or a subject name holds the separator.
 */
export function subjectFolds(subjects: readonly string[], groups: number): string[][] {
  const sorted = [...new Set(subjects)].sort();
  for (const s of sorted) {
    if (s.includes(FOLD_SEPARATOR)) {
      throw new RangeError(`subject "${s}" contains "${FOLD_SEPARATOR}", which separates the members of a fold`);
    }
  }
  if (groups === 0) return sorted.map((s) => [s]);
  if (!Number.isInteger(groups) || groups < 2 || groups > sorted.length) {
    throw new RangeError(
      `subject-grouped folds need 2 ≤ folds ≤ ${sorted.length} (the number of subjects), got ${groups}; ` +
        `0 means leave-one-subject-out`,
    );
  }
  const out: string[][] = Array.from({ length: groups }, () => []);
  sorted.forEach((s, i) => out[i % groups].push(s));
  return out;
}

/** Name of a fold (its folder): the subject itself, or the members joined with {@link FOLD_SEPARATOR}. */
export function foldName(members: readonly string[]): string {
  return [...members].sort().join(FOLD_SEPARATOR);
}

/** Members of a fold from its name. */
export function foldMembers(name: string): string[] {
  return name.split(FOLD_SEPARATOR);
}
