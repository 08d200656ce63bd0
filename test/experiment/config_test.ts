import assert from "node:assert/strict";
import { parseOverrides } from "../../lib/experiment/config/overrides.ts";
import { DEFAULT_CONFIG, resolveConfig } from "../../lib/experiment/config/resolve.ts";
import { DEFAULT_LOSS } from "../../lib/losses/mod.ts";
import { DEFAULT_SPOTFORMER } from "../../lib/spotformer/mod.ts";

Deno.test("resolveConfig() merges defaults, experiment and overrides in order", () => {
  const cfg = resolveConfig([
    { model: { preset: "tiny" }, loss: { lambda: 0.01 } },
    parseOverrides(["loss.lambda=0.03", "sweep.seeds=[1,2]", "dataset.name=samm-lv", "dataset.options.step=8"]),
  ]);
  assert.equal(cfg.loss.lambda, 0.03);
  assert.equal(cfg.loss.macroRatio, 0.55); // SAMM-LV chosen: the official SAMM ratio
  assert.equal(cfg.model.preset, "tiny");
  assert.equal(cfg.model.dim, 32); // preset widths apply because slices are resolved from the patches, not defaults
  assert.deepEqual(cfg.sweep.seeds, [1, 2]);
  assert.equal(cfg.dataset.name, "samm-lv");
  if (cfg.dataset.name !== "samm-lv") throw new Error("unreachable");
  assert.equal(cfg.dataset.options.step, 8); // the adapter's own resolved options, typed by the adapter
  assert.equal(cfg.dataset.options.fps, 200); // the adapter's defaults fill the rest
  assert.equal(DEFAULT_CONFIG.model.dim, DEFAULT_SPOTFORMER.dim);
});

Deno.test("resolveConfig() rejects unknown keys and type changes with the dotted path", () => {
  assert.throws(() => resolveConfig({ sweep: { seed: 1 } } as never), {
    name: "TypeError",
    message:
      'unknown config key "sweep.seed"; known keys: backend, folds, innerFolds, maxFolds, protocols, seeds, subjects',
  });
  assert.throws(() => resolveConfig({ loss: { lambda: "0.1" as never } }), {
    name: "TypeError",
    message: 'config "loss.lambda" must be a number like its default (0.005), got a string "0.1"',
  });
  assert.throws(() => resolveConfig({ modle: {} } as never), {
    name: "TypeError",
    message: 'unknown config key "modle"; known keys: dataset, eval, features, loss, model, postproc, sweep, train',
  });
  assert.throws(() => resolveConfig({ model: { variantt: "gap" } as never }), TypeError);
  assert.throws(() => resolveConfig({ sweep: { seeds: [] } }), {
    name: "RangeError",
    message: 'config "sweep.seeds" must be a non-empty list of integers >= 0; got []',
  });
  assert.throws(() => resolveConfig({ dataset: { name: "samm" as never } }), {
    name: "RangeError",
    message: 'config "dataset.name" must be one of samm-lv, casme2, casme3, abpn-csv, frames, video, synth; got "samm"',
  });
  assert.throws(() => resolveConfig(parseOverrides(["dataset.options.step=7"])), {
    name: "TypeError",
    message: 'config "dataset.options" (adapter synth): synth: unknown option "step"; known: cacheSize',
  });
});

Deno.test("resolveConfig() never mutates its inputs or the defaults", () => {
  const patch = { sweep: { seeds: [3] }, loss: { supcon: { temperature: 0.1 } } };
  const copy = structuredClone(patch);
  const a = resolveConfig(patch);
  a.sweep.seeds.push(9);
  assert.deepEqual(patch, copy);
  assert.deepEqual(DEFAULT_CONFIG.sweep.seeds, [270]);
  assert.deepEqual(resolveConfig({}).sweep.seeds, [270]);
});

Deno.test("parseOverrides() reads JSON values and plain strings", () => {
  assert.deepEqual(parseOverrides(["a.b=1", "a.c=x", "d=[1,2]", "e=true"]), {
    a: { b: 1, c: "x" },
    d: [1, 2],
    e: true,
  });
  assert.throws(() => parseOverrides(["nope"]), {
    name: "TypeError",
    message: 'override "nope" must look like key.path=value (e.g. loss.lambda=0.01)',
  });
});

Deno.test("resolveConfig() ties the model window and nodes to the features", () => {
  const cfg = resolveConfig({ features: { window: 9, rois: "abpn-12" } });
  assert.equal(cfg.model.window, 9);
  assert.equal(cfg.model.nodes, 12);
  assert.deepEqual(cfg.model.parts, [3, 3, 2, 4]);
  assert.throws(() => resolveConfig({ features: { window: 9 }, model: { window: 17 } }), {
    name: "RangeError",
    message:
      'config "model.window" (17) contradicts the features (9 from features.window / features.rois); set only the features',
  });
});

Deno.test("resolveConfig() applies the chosen dataset's official protocol settings under explicit ones", () => {
  const samm = resolveConfig({ dataset: { name: "samm-lv" } });
  assert.deepEqual([samm.loss.macroRatio, samm.train.epochs, samm.train.epochBegin], [0.55, 100, 2]);
  const cas = resolveConfig([{ dataset: { name: "casme3" } }, parseOverrides(["train.epochBegin=1"])]);
  assert.deepEqual([cas.loss.macroRatio, cas.train.epochs, cas.train.epochBegin], [0.5, 90, 1]);
  const own = resolveConfig([{ loss: { macroRatio: 0.4 } }, { dataset: { name: "samm-lv" } }]);
  assert.equal(own.loss.macroRatio, 0.4); // an experiment's value wins, whatever the order of the dataset patch
  assert.equal(resolveConfig({}).loss.macroRatio, DEFAULT_LOSS.macroRatio); // SynthFace: the general defaults
});

Deno.test("resolveConfig() takes a union-typed option of another type than its default when its module accepts it", () => {
  assert.equal(resolveConfig({ model: { recompute: true } }).model.recompute, true);
  assert.equal(resolveConfig({ model: { recompute: 0 } }).model.recompute, 0);
  assert.throws(() => resolveConfig({ model: { recompute: "x" as unknown as boolean } }), {
    message: 'config "model.recompute" must be a number like its default (3000000), got a string "x"',
  });
  assert.throws(
    () => resolveConfig({ train: { epochs: "5" as unknown as number } }),
    /"train\.epochs" must be a number/,
  );
});
