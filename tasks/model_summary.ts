/**
 * `deno task model:summary --variant V --preset P --window W [--backend B]`: prints the trainable
 * parameter count, the temporal schedule and every stage's output shape and parameters as a table.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, usage } from "../lib/cli/args.ts";
import type { FlagSpec } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { createSpotFormer, PRESET_NAMES, VARIANTS } from "../lib/spotformer/mod.ts";
import { BACKENDS, initBackend } from "../lib/tf/backend.ts";

const SPEC: Record<string, FlagSpec> = {
  variant: { type: "string", default: "simul-st", help: `architecture: ${VARIANTS.join(" | ")}` },
  preset: { type: "string", default: "paper", help: `model size: ${PRESET_NAMES.join(" | ")}` },
  window: { type: "string", default: "17", help: "window length T (frames, ≥ 3)" },
  backend: { type: "string", default: "cpu", help: `TensorFlow.js backend: ${BACKENDS.join(" | ")}` },
};
const USAGE = usage("deno task model:summary", SPEC);

/** Formats summary rows as a Markdown table. */
export function formatSummary(rows: { stage: string; shape: number[]; params: number }[]): string {
  const body = rows.map((r) => [r.stage, `(${r.shape.join(", ")})`, r.params.toLocaleString("en-US")]);
  const head = ["stage", "output shape (per sample)", "params"];
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(" | ")} |`;
  return [
    line(head),
    `|${w.map((n, i) => (i === 2 ? "-".repeat(n + 1) + ":" : "-".repeat(n + 2))).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) {
    console.log(USAGE);
    return;
  }
  const variant = choiceFlag(args, "variant", VARIANTS) ?? "simul-st";
  const preset = choiceFlag(args, "preset", PRESET_NAMES) ?? "paper";
  const window = numberFlag(args, "window") ?? 17;
  const backend = await initBackend(choiceFlag(args, "backend", BACKENDS) ?? "cpu");
  const model = createSpotFormer({ variant, preset, window });
  try {
    const rows = model.summary();
    console.log(`SpotFormer ${variant}, preset ${preset}, window ${window}, backend ${backend}`);
    console.log(
      `temporal schedule: ${[window, ...model.schedule.lengths].join(" → ")} (padding ${
        model.schedule.padding.join(", ")
      })`,
    );
    console.log(formatSummary(rows));
    console.log(`trainable parameters: ${model.paramCount().toLocaleString("en-US")}`);
  } finally {
    model.dispose();
  }
}

if (import.meta.main) await runMain(main, USAGE);
