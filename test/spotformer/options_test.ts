import assert from "node:assert/strict";
import { DEFAULT_SPOTFORMER, PRESETS, resolveSpotFormer } from "../../lib/spotformer/mod.ts";
import { assertThrowsMsg } from "./_util.ts";

Deno.test("resolveSpotFormer() defaults to the official paper configuration", () => {
  const o = resolveSpotFormer();
  assert.deepEqual(o, {
    variant: "simul-st",
    preset: "paper",
    dim: 256,
    heads: 4,
    dimHead: 64,
    mlpDim: 256,
    dropout: 0.1,
    embDropout: 0.1,
    window: 17,
    nodes: 10,
    parts: [3, 3, 4],
    numClasses: 10,
    seed: 270,
    dropoutSeed: null,
    dropoutImpl: "tf",
    recompute: 3_000_000,
    temporalPadding: "auto",
    bnMomentum: 0.1,
    bnEpsilon: 1e-5,
  });
  assert.ok(Object.isFrozen(DEFAULT_SPOTFORMER) && Object.isFrozen(PRESETS.tiny));
});

Deno.test("resolveSpotFormer() takes widths from the preset and lets explicit fields override them", () => {
  const o = resolveSpotFormer({ preset: "tiny", heads: 4, window: 9 });
  assert.deepEqual([o.dim, o.heads, o.dimHead, o.mlpDim, o.window], [32, 4, 16, 32, 9]);
});

Deno.test("resolveSpotFormer() does not mutate its input or the defaults", () => {
  const parts = [5, 5];
  const input = { nodes: 10, parts, temporalPadding: [0, 0, 1, 1] };
  const o = resolveSpotFormer(input);
  o.parts.push(1);
  (o.temporalPadding as number[]).push(1);
  assert.deepEqual(parts, [5, 5]);
  assert.deepEqual(input.temporalPadding, [0, 0, 1, 1]);
  assert.deepEqual(DEFAULT_SPOTFORMER.parts, [3, 3, 4]);
});

Deno.test("resolveSpotFormer() rejects unknown keys and out-of-range values with actionable messages", () => {
  assertThrowsMsg(() => resolveSpotFormer({ depth: 4 } as never), TypeError, 'unknown SpotFormer option "depth"');
  assertThrowsMsg(() => resolveSpotFormer({ variant: "simul" as never }), RangeError, 'got "simul"');
  assertThrowsMsg(
    () => resolveSpotFormer({ preset: "huge" as never }),
    RangeError,
    "preset must be one of paper, tiny",
  );
  assertThrowsMsg(() => resolveSpotFormer({ dim: 0 }), RangeError, "dim must be a positive integer; got 0");
  assertThrowsMsg(() => resolveSpotFormer({ dropout: 1 }), RangeError, "dropout must be a number in [0, 1); got 1");
  assertThrowsMsg(
    () => resolveSpotFormer({ nodes: 12 }),
    RangeError,
    "parts [3, 3, 4] covers 10 nodes but nodes = 12; make them agree",
  );
  assertThrowsMsg(() => resolveSpotFormer({ window: 2 }), RangeError, "window must be an integer ≥ 3");
  assertThrowsMsg(() => resolveSpotFormer({ temporalPadding: [0, 0] }), RangeError, "takes window 17 to 3, not 1");
  assertThrowsMsg(
    () => resolveSpotFormer({ dropoutImpl: "fast" as never }),
    RangeError,
    'dropoutImpl must be "tf" or "mask"',
  );
  assertThrowsMsg(
    () => resolveSpotFormer({ recompute: "yes" as never }),
    TypeError,
    "recompute must be true, false or a minimum block size",
  );
  assertThrowsMsg(() => resolveSpotFormer({ seed: 1.5 }), RangeError, "seed must be an integer; got 1.5");
});
