import assert from "node:assert/strict";
import { initBackend } from "../../lib/tf/backend.ts";
import { maxAbsDiff } from "./_util.ts";
import { forwardOn } from "./_forward.ts";

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

/** Runs the webgpu forward in a child process; returns its arrays, or null when there is no adapter. */
function webgpuForward(): Record<string, Float32Array> | null {
  const child = new URL("./_webgpu_child.ts", import.meta.url).pathname;
  const r = new Deno.Command(Deno.execPath(), { args: ["run", "-A", child], stdout: "piped", stderr: "piped" })
    .outputSync();
  const line = new TextDecoder().decode(r.stdout).trim().split("\n").pop() ?? "";
  let out: Record<string, number[] | boolean>;
  try {
    out = JSON.parse(line); // a crash at exit after the result line (lavapipe) does not lose the result
  } catch {
    throw new Error(`webgpu child failed (code ${r.code}): ${new TextDecoder().decode(r.stderr).slice(-2000)}`);
  }
  if (out.noAdapter) return null;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float32Array.from(v as number[])]));
}

const webgpu = webgpuForward();
Deno.test({
  name: webgpu
    ? "simul-st: webgpu and wasm forwards agree within 1e-3"
    : "simul-st: webgpu and wasm forwards agree within 1e-3 (SKIPPED: no WebGPU adapter; apt-get install mesa-vulkan-drivers)",
  ignore: !webgpu,
  fn: async () => {
    await initBackend("wasm");
    const wasm = await forwardOn({ variant: "simul-st" });
    assert.deepEqual(webgpu!.weights, wasm.weights);
    for (const k of ["evalLogits", "evalFeature", "trainLogits"]) {
      const d = maxAbsDiff(webgpu![k], wasm[k]);
      assert.ok(d <= 1e-3, `${k}: max |webgpu − wasm| = ${d}`);
    }
  },
});
