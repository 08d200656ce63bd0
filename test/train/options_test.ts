import assert from "node:assert/strict";
import { MAX_AUTO_REPLICAS, replicaCount, resolveTrain } from "../../lib/train/options.ts";
import { resolveConfig } from "../../lib/experiment/config/resolve.ts";
import { parseOverrides } from "../../lib/experiment/config/overrides.ts";
import { cellKey } from "../../lib/experiment/config/hash.ts";

Deno.test("train.replicas: default 1 is absent from the resolved options, so config identities are unchanged", async () => {
  assert.equal("replicas" in resolveTrain({}), false);
  assert.equal("replicas" in resolveTrain({ replicas: 1 }), false);
  assert.equal(resolveTrain({ replicas: 2 }).replicas, 2);
  assert.equal(resolveTrain({ replicas: "auto" }).replicas, "auto");
  assert.equal(await cellKey(resolveConfig([{ train: { replicas: 1 } }])), await cellKey(resolveConfig([])));
  assert.notEqual(await cellKey(resolveConfig([{ train: { replicas: 2 } }])), await cellKey(resolveConfig([])));
  assert.equal(resolveConfig([parseOverrides(["train.replicas=auto"])]).train.replicas, "auto");
  assert.equal(resolveConfig([parseOverrides(["train.replicas=2"])]).train.replicas, 2);
});

Deno.test("train.replicas: bad values and the combination with microBatch are refused", () => {
  for (const bad of [0, 1.5, 65, "two"]) {
    assert.throws(() => resolveTrain({ replicas: bad as number }), {
      name: "RangeError",
      message: `train option replicas must be "auto" or an integer in [1, 64], got ${JSON.stringify(bad)}`,
    });
  }
  assert.throws(() => resolveConfig([{ train: { replicas: 2, microBatch: 64 } }]), {
    name: "RangeError",
    message: "train options replicas (2) and microBatch (64) cannot be combined; set one of them",
  });
});

Deno.test("replicaCount(): auto uses the cores left per run; explicit counts are never nested in sweep workers", () => {
  const at = { backend: "wasm", smallestBatch: 512, cores: 2 };
  const auto = { replicas: "auto" as const, microBatch: 0 };
  assert.equal(replicaCount({ microBatch: 0 }, at), 1);
  assert.equal(replicaCount(auto, at), 2);
  assert.equal(replicaCount(auto, { ...at, concurrentRuns: 2 }), 1); // a sweep with a worker per core
  assert.equal(replicaCount(auto, { ...at, cores: 16, concurrentRuns: 2 }), 8);
  assert.equal(replicaCount(auto, { ...at, cores: 64 }), MAX_AUTO_REPLICAS);
  assert.equal(replicaCount(auto, { ...at, smallestBatch: 1 }), 1);
  assert.equal(replicaCount(auto, { ...at, backend: "webgpu" }), 1);
  assert.equal(replicaCount({ replicas: "auto", microBatch: 64 }, at), 1);
  assert.equal(replicaCount({ replicas: 3, microBatch: 0 }, at), 3); // explicit: as given, even above the cores
  assert.throws(() => replicaCount({ replicas: 2, microBatch: 0 }, { ...at, concurrentRuns: 2 }), {
    name: "RangeError",
    message: "train.replicas = 2 with 2 runs training at once would nest data-parallel workers inside sweep workers; " +
      'use train.replicas = "auto" (or 1), or run with one worker',
  });
  assert.throws(() => replicaCount({ replicas: 4, microBatch: 0 }, { ...at, smallestBatch: 3 }), {
    message: "train.replicas = 4 but a batch of this run holds only 3 windows; lower train.replicas",
  });
});
