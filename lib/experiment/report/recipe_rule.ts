/**
 * The recipe-selection rule of the SynthFace benchmark (`experiments/synthface-bench/selection.ts`), as code: given
 * every candidate's scores at each schedule length, it keeps the candidates that fit the compute budget and both λ
 * of which produce proposals, ranks them by the mean overall `final` F1 over λ, and breaks ties within `tie` by
 * preferring the official AdamW betas, then the higher learning rate.
 *
 * @module
 */

/** One candidate × λ × schedule length, scored on the validation data. */
export interface RecipeScore {
  /** Candidate label (the selection grid's `recipe` value, e.g. `"w16 lr 5e-3 paper betas"`). */
  candidate: string;
  lambda: string;
  epochs: number;
  /** Overall F1 under `final` (the last epoch of the schedule). */
  finalF1: number;
  /** Proposals under `final`. */
  proposals: number;
}

/** A candidate at one schedule length, with its λ-mean. */
export interface RankedRecipe {
  candidate: string;
  epochs: number;
  /** Mean overall `final` F1 over λ. */
  meanF1: number;
  /** Per λ: overall `final` F1. */
  byLambda: Record<string, number>;
  /** Why it cannot be chosen ("" when it can). */
  excluded: string;
}

/** What the rule considers. */
export interface RecipeRule {
  /** Whether a candidate at a schedule length fits the budget. */
  feasible: (candidate: string, epochs: number) => boolean;
  /** λ values every chosen candidate must have run, with proposals. */
  lambdas: readonly string[];
  /** Mean-F1 difference below which two candidates tie. @default 0.01 */
  tie?: number;
}

const learningRate = (c: string) => Number(c.match(/lr ([0-9.e-]+)/)?.[1] ?? NaN);

/** Ranks every candidate × schedule (best first among the eligible, then the excluded) and names the choice. */
export function applyRecipeRule(
  scores: readonly RecipeScore[],
  rule: RecipeRule,
): { ranked: RankedRecipe[]; chosen: RankedRecipe | null } {
  const groups = new Map<string, RecipeScore[]>();
  for (const s of scores) {
    const k = `${s.candidate}\u0000${s.epochs}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const ranked: RankedRecipe[] = [...groups.values()].map((g) => {
    const byLambda = Object.fromEntries(g.map((s) => [s.lambda, s.finalF1]));
    const missing = rule.lambdas.filter((l) => !g.some((s) => s.lambda === l));
    const silent = g.filter((s) => s.proposals === 0).map((s) => s.lambda);
    const excluded = !rule.feasible(g[0].candidate, g[0].epochs)
      ? "over the compute budget"
      : missing.length
      ? `not run at λ = ${missing.join(", ")}`
      : silent.length
      ? `no proposals at λ = ${silent.join(", ")}`
      : "";
    const meanF1 = g.reduce((a, s) => a + s.finalF1, 0) / g.length;
    return { candidate: g[0].candidate, epochs: g[0].epochs, meanF1, byLambda, excluded };
  });
  const tie = rule.tie ?? 0.01;
  const eligible = ranked.filter((r) => !r.excluded).sort((a, b) => b.meanF1 - a.meanF1);
  const best = eligible[0];
  const tied = best ? eligible.filter((r) => best.meanF1 - r.meanF1 < tie) : [];
  tied.sort((a, b) =>
    Number(a.candidate.includes("paper betas")) - Number(b.candidate.includes("paper betas")) ||
    learningRate(b.candidate) - learningRate(a.candidate) ||
    b.meanF1 - a.meanF1
  );
  const order = (r: RankedRecipe) => (r.excluded ? 1 : 0);
  ranked.sort((a, b) => order(a) - order(b) || b.meanF1 - a.meanF1);
  return { ranked, chosen: tied[0] ?? null };
}
