import { initBackend, tf } from "./lib/tf/backend.ts";
import { createSpotFormer, VARIANTS } from "./lib/spotformer/mod.ts";
const backend = await initBackend((Deno.args[0] ?? "wasm") as "wasm");
const B = Number(Deno.args[1] ?? 512);
const variants = Deno.args[2] ? [Deno.args[2]] : VARIANTS;
for (const variant of variants) {
  const m = createSpotFormer({ variant: variant as "gap", preset: "tiny", dropoutImpl: (Deno.args[3] ?? "tf") as "tf" });
  const x = tf.randomNormal([B, 17, 10, 2]);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = m.apply(x, false);
    await r.logits.data();
    times.push(performance.now() - t0);
    tf.dispose([r.logits, r.feature]);
  }
  const tt: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = m.apply(x, true);
    await r.logits.data();
    tt.push(performance.now() - t0);
    tf.dispose([r.logits, r.feature]);
  }
  const med = (a: number[]) => a.slice(1).sort((p, q) => p - q)[Math.floor((a.length - 1) / 2)];
  console.log(backend, variant, `B=${B}`, "eval ms", med(times).toFixed(0), "train-mode fwd ms", med(tt).toFixed(0), times.map((t) => t.toFixed(0)).join(","));
  x.dispose(); m.dispose();
}
