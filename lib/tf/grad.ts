/**
 * Memory-lean reverse-mode gradients on the tfjs tape. Same results as `tf.grads` / `tf.variableGrads`, but
 * while walking the tape backwards every node's saved tensors and the gradients of its outputs are freed as
 * soon as the node is processed (tfjs-core keeps all of them until the whole backward pass ends, which doubles
 * the peak memory of a training step). Nested calls (from a custom gradient, see `spotformer/checkpoint.ts`)
 * leave the enclosing tape untouched.
 *
 * Relies on tfjs-core 4.x engine internals (`state.activeTape`, `startTape`, `endTape`), pinned in deno.json.
 *
 * @module
 */
import { tf } from "./backend.ts";

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
}

// deno-lint-ignore no-explicit-any
type Engine = any;

/** Nodes on a path from one of `xs` to `y`, in tape order, with inputs pruned to those depending on `xs`. */
function filterTape(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const t of Object.values(node.inputs)) toY.add(t.id);
      nodesToY.add(node.id);
    }
  }
  const out: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [k, t] of Object.entries(node.inputs)) if (fromX.has(t.id)) inputs[k] = t;
    out.push({ ...node, inputs });
  }
  return out;
}

/**
 * Gradients of `y = f()` (any shape; weighted by `dy`, default ones) with respect to each of `xs`
 * (`null` where `y` does not depend on it). The caller owns `value` and the gradients; `dy` is not disposed.
 */
export function leanGradients(
  f: () => tf.Tensor,
  xs: tf.Tensor[],
  dy?: tf.Tensor,
): { value: tf.Tensor; grads: (tf.Tensor | null)[] } {
  const eng: Engine = tf.engine();
  const outerTape = eng.state.activeTape;
  const outerDepth: number = eng.state.gradientDepth;
  eng.state.gradientDepth = 0; // a fresh tape even when called from inside another gradient computation
  let tape: TapeNode[] = [];
  try {
    const y: tf.Tensor = (() => {
      eng.startTape();
      try {
        return eng.tidy("forward", f);
      } finally {
        tape = eng.state.activeTape;
        eng.endTape();
      }
    })();
    if (!(y instanceof tf.Tensor)) throw new Error("leanGradients: f() must return a tensor");
    const filtered = filterTape(tape, xs, y);
    const grads = eng.tidy("backward", () => backprop(filtered, xs, y, dy)) as (tf.Tensor | null)[];
    return { value: y, grads };
  } finally {
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    eng.state.activeTape = outerTape;
    eng.state.gradientDepth = outerDepth;
  }
}

function backprop(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor, dy?: tf.Tensor): (tf.Tensor | null)[] {
  const grad = new Map<number, tf.Tensor>();
  const keep = new Set<tf.Tensor>(dy ? [dy] : []);
  grad.set(y.id, dy ?? tf.onesLike(y));
  const xIds = new Set(xs.map((x) => x.id));
  const inUse = (t: tf.Tensor) => keep.has(t) || [...grad.values()].includes(t);
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const dys = node.outputs.map((o) => grad.get(o.id) ?? null);
    const inputGrads = node.gradient(dys);
    for (const [name, x] of Object.entries(node.inputs)) {
      if (!(name in inputGrads)) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}.`);
      const dx = tf.tidy(() => inputGrads[name]());
      if (dx.dtype !== "float32" || !tf.util.arraysEqual(dx.shape, x.shape)) {
        throw new Error(
          `gradient of ${node.kernelName} input ${name}: got ${dx.dtype} [${dx.shape}], want [${x.shape}]`,
        );
      }
      const cur = grad.get(x.id);
      if (!cur) {
        grad.set(x.id, dx);
      } else {
        grad.set(x.id, tf.add(cur, dx));
        if (!inUse(cur)) cur.dispose();
        if (!inUse(dx)) dx.dispose();
      }
    }
    // this node is done: free the gradients of its outputs and what it saved for the backward pass
    for (const o of node.outputs) {
      const g = grad.get(o.id);
      if (!g || xIds.has(o.id)) continue;
      grad.delete(o.id);
      if (!inUse(g)) g.dispose();
    }
    for (const t of node.saved ?? []) t.dispose();
  }
  return xs.map((x) => grad.get(x.id) ?? null);
}

/**
 * Like `tf.variableGrads`: the scalar `f()` and its gradient for each of `vars`, keyed by variable name
 * (variables `f` does not use get no entry). The caller disposes `value` and the gradients.
 */
export function leanVariableGrads(
  f: () => tf.Scalar,
  vars: readonly tf.Variable[],
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const { value, grads } = leanGradients(f, [...vars]);
  if (value.rank !== 0) {
    value.dispose();
    tf.dispose(grads.filter((g): g is tf.Tensor => g !== null));
    throw new Error(`leanVariableGrads: f() must return a scalar, got shape [${value.shape}]`);
  }
  const out: Record<string, tf.Tensor> = {};
  vars.forEach((v, i) => {
    const g = grads[i];
    if (g) out[v.name] = g;
  });
  return { value: value as tf.Scalar, grads: out };
}
