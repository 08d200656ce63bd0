/**
 * Child process of backend_test.ts: the Simul-ST forward on the webgpu backend, printed as one JSON line. WebGPU
 * runs here, not in the test process, because Mesa's lavapipe can abort at process exit ("double free or
 * corruption"), which would fail an otherwise green test run. Prints `{"noAdapter": true}` without an adapter.
 */
import { initBackend } from "../../lib/tf/backend.ts";
import { forwardOn } from "./_forward.ts";

// deno-lint-ignore no-explicit-any
const gpu = (globalThis.navigator as any)?.gpu;
const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
if (!adapter) {
  console.log(JSON.stringify({ noAdapter: true }));
} else {
  await initBackend("webgpu");
  const out = await forwardOn({ variant: "simul-st" });
  console.log(JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v)]))));
}
