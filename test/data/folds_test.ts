import assert from "node:assert/strict";
import { foldMembers, foldName, subjectFolds } from "../../lib/data/folds.ts";
import { chooseFolds, innerSubjects } from "../../lib/experiment/engine/runner.ts";
import type { Dataset } from "../../lib/data/types.ts";

const S = ["s3", "s1", "s8", "s2", "s5", "s4", "s7", "s6"];

Deno.test("subjectFolds() is LOSO at 0 and deals sorted subjects round-robin into k groups", () => {
  assert.deepEqual(subjectFolds(["b", "a", "a"], 0), [["a"], ["b"]]);
  assert.deepEqual(subjectFolds(S, 4), [["s1", "s5"], ["s2", "s6"], ["s3", "s7"], ["s4", "s8"]]);
  assert.deepEqual(subjectFolds(S, 3).map((g) => g.length), [3, 3, 2]);
  assert.throws(() => subjectFolds(S, 1), /2 ≤ folds ≤ 8/);
  assert.throws(() => subjectFolds(S, 9), /2 ≤ folds ≤ 8/);
  assert.throws(() => subjectFolds(["a+b"], 0), /contains "\+"/);
});

Deno.test("foldName() and foldMembers() round-trip; a LOSO fold is named by its subject", () => {
  assert.equal(foldName(["s5", "s1"]), "s1+s5");
  assert.deepEqual(foldMembers("s1+s5"), ["s1", "s5"]);
  assert.equal(foldName(["s2"]), "s2");
  assert.deepEqual(foldMembers("s2"), ["s2"]);
});

Deno.test("chooseFolds() filters by subject and maxFolds; innerSubjects() splits the training subjects", () => {
  assert.deepEqual(chooseFolds(S, { folds: 4, maxFolds: 0, subjects: [] }), ["s1+s5", "s2+s6", "s3+s7", "s4+s8"]);
  assert.deepEqual(chooseFolds(S, { folds: 4, maxFolds: 0, subjects: ["s6"] }), ["s2+s6"]);
  assert.deepEqual(chooseFolds(S, { folds: 4, maxFolds: 2, subjects: [] }), ["s1+s5", "s2+s6"]);
  assert.deepEqual(chooseFolds(S, { folds: 0, maxFolds: 2, subjects: [] }), ["s1", "s2"]);
  assert.throws(() => chooseFolds(S, { folds: 0, maxFolds: 0, subjects: ["x"] }), /test subject "x" has no videos/);
  const ds = { videos: S.map((subject) => ({ subject })) } as unknown as Dataset;
  // 6 training subjects of fold s1+s5 → 3 inner groups of 2, none holding a test subject
  assert.deepEqual(innerSubjects(ds, "s1+s5", 4, 0), ["s2+s6", "s3+s7", "s4+s8"]);
  assert.deepEqual(innerSubjects(ds, "s1+s5", 4, 1), ["s2+s6"]);
  // 2 outer folds: the 4 training subjects still split in two inner groups
  assert.deepEqual(innerSubjects(ds, "s1+s3+s5+s7", 2, 0), ["s2+s6", "s4+s8"]);
  assert.deepEqual(innerSubjects(ds, "s1", 0, 2), ["s2", "s3"]);
});
