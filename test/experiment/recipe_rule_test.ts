import assert from "node:assert/strict";
import { applyRecipeRule, type RecipeScore } from "../../lib/experiment/report/recipe_rule.ts";

const rule = { feasible: (c: string, e: number) => c.startsWith("w16") && e <= 6, lambdas: ["0", "0.005"] };
const s = (candidate: string, lambda: string, epochs: number, finalF1: number, proposals = 50): RecipeScore => ({
  candidate,
  lambda,
  epochs,
  finalF1,
  proposals,
});

Deno.test("applyRecipeRule() picks the best λ-mean among feasible candidates with proposals at every λ", () => {
  const { ranked, chosen } = applyRecipeRule([
    s("w16 lr 5e-3", "0", 6, 0.40),
    s("w16 lr 5e-3", "0.005", 6, 0.30),
    s("w16 lr 2e-3", "0", 6, 0.38),
    s("w16 lr 2e-3", "0.005", 6, 0.36),
    s("w16 lr 2e-3", "0", 12, 0.60), // over budget
    s("w16 lr 2e-3", "0.005", 12, 0.60),
    s("w16 lr 5e-3 paper betas", "0", 6, 0.70),
    s("w16 lr 5e-3 paper betas", "0.005", 6, 0, 0), // no proposals at λ = 0.005
    s("w32 lr 2e-3", "0", 6, 0.9),
    s("w32 lr 2e-3", "0.005", 6, 0.9),
  ], rule);
  assert.equal(chosen?.candidate, "w16 lr 2e-3");
  assert.equal(chosen?.epochs, 6);
  assert.ok(Math.abs(chosen!.meanF1 - 0.37) < 1e-12);
  assert.deepEqual(ranked.slice(0, 2).map((r) => r.candidate), ["w16 lr 2e-3", "w16 lr 5e-3"]);
  const why = Object.fromEntries(
    ranked.filter((r) => r.excluded).map((r) => [`${r.candidate}@${r.epochs}`, r.excluded]),
  );
  assert.deepEqual(why, {
    "w32 lr 2e-3@6": "over the compute budget",
    "w16 lr 2e-3@12": "over the compute budget",
    "w16 lr 5e-3 paper betas@6": "no proposals at λ = 0.005",
  });
});

Deno.test("applyRecipeRule() breaks a tie within 0.01 by the official betas, then the higher learning rate", () => {
  const tied = [
    s("w16 lr 5e-3 paper betas", "0", 6, 0.505),
    s("w16 lr 5e-3 paper betas", "0.005", 6, 0.505),
    s("w16 lr 2e-3", "0", 6, 0.50),
    s("w16 lr 2e-3", "0.005", 6, 0.50),
    s("w16 lr 5e-3", "0", 6, 0.498),
    s("w16 lr 5e-3", "0.005", 6, 0.498),
  ];
  assert.equal(applyRecipeRule(tied, rule).chosen?.candidate, "w16 lr 5e-3");
  assert.equal(applyRecipeRule(tied, { ...rule, tie: 0.001 }).chosen?.candidate, "w16 lr 5e-3 paper betas");
  assert.equal(applyRecipeRule([s("w16 lr 5e-3", "0", 6, 0.5)], rule).chosen, null); // λ = 0.005 not run
});
