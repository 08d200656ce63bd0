/** The fixed input and the forward pass the backend tests compare across backends (also run in a child). */
import { tf } from "../../lib/tf/backend.ts";
import { createSpotFormer, type SpotFormerOptions } from "../../lib/spotformer/mod.ts";
import { randArray } from "./_util.ts";

export const X_SHAPE = [4, 17, 10, 2];
export const X = randArray(X_SHAPE.reduce((a, b) => a * b, 1), 77, 0.5);

/** Weights, eval logits/features and training-mode (no dropout) logits on the current backend. */
export async function forwardOn(opts: Partial<SpotFormerOptions>): Promise<Record<string, Float32Array>> {
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
