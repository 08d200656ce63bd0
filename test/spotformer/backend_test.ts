import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer, type SpotFormerOptions } from "../../lib/spotformer/mod.ts";
import { maxAbsDiff, randArray } from "./_util.ts";

const X_SHAPE = [4, 17, 10, 2];
const X = randArray(X_SHAPE.reduce((a, b) => a * b, 1), 77, 0.5);

/** Weights, eval logits/features and training-mode (no dropout) logits on the current backend. */
async function forwardOn(opts: Partial<SpotFormerOptions>): Promise<Record<string, Float32Array>> {
  const m = createSpotFormer({ preset: "tiny", dropout: 0, embDropout: 0, ...opts });
  try {
    const state = await m.readState(); // before training mode updates the running statistics
    const x = tf.tensor(X, X_SHAPE);
    const ev = m.apply(x, false);
    const tr = m.apply(x, true);
    const out = {
      evalLogits: await ev.logits.data() as Float32Array,
      evalFeature: await ev.feature.data() as Float32Array,
      trainLogits: await tr.logits.data() as Float32Array,
      weights: Float32Array.from(Object.values(state).flatMap((s) => Array.from(s.data))),
    };
    tf.dispose([x, ev.logits, ev.feature, tr.logits, tr.feature]);
    return out;
  } finally {
    m.dispose();
  }
}

async function hasAdapter(): Promise<boolean> {
  // deno-lint-ignore no-explicit-any
  const gpu = (globalThis.navigator as any)?.gpu;
  try {
    return gpu ? (await gpu.requestAdapter()) != null : false;
  } catch {
    return false;
  }
}

for (const variant of ["simul-st", "paral-st"] as const) {
  Deno.test(`${variant}: wasm and cpu give identical initial weights and forwards within 1e-4`, async () => {
    await initBackend("cpu");
    const cpu = await forwardOn({ variant });
    await initBackend("wasm");
    const wasm = await forwardOn({ variant });
    assert.deepEqual(wasm.weights, cpu.weights);
    for (const k of ["evalLogits", "evalFeature", "trainLogits"]) {
      const d = maxAbsDiff(wasm[k], cpu[k]);
      assert.ok(d <= 1e-4, `${k}: max |wasm − cpu| = ${d}`);
    }
  });
}

const gpu = await hasAdapter();
Deno.test({
  name: gpu
    ? "simul-st: webgpu and wasm forwards agree within 1e-3"
    : "simul-st: webgpu and wasm forwards agree within 1e-3 (SKIPPED: no WebGPU adapter; apt-get install mesa-vulkan-drivers)",
  ignore: !gpu,
  fn: async () => {
    await initBackend("wasm");
    const wasm = await forwardOn({ variant: "simul-st" });
    await initBackend("webgpu");
    const webgpu = await forwardOn({ variant: "simul-st" });
    await initBackend("wasm");
    assert.deepEqual(webgpu.weights, wasm.weights);
    for (const k of ["evalLogits", "evalFeature", "trainLogits"]) {
      const d = maxAbsDiff(webgpu[k], wasm[k]);
      assert.ok(d <= 1e-3, `${k}: max |webgpu − wasm| = ${d}`);
    }
  },
});
