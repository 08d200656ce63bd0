/**
 * Command-line flags shared by every task that opens a dataset (`datasets:check`, `features`, `train`, …):
 * `--dataset NAME --root PATH` plus adapter options. Each flag maps to one adapter option; giving a flag
 * the chosen adapter does not take is a usage error naming the flag and the dataset.
 *
 * @module
 */
import { choiceFlag, type FlagSpec, numberFlag, type ParsedArgs, stringFlag, UsageError } from "../../cli/args.ts";
import { DATASET_NAMES, type DatasetName, type DatasetOptions } from "./mod.ts";

/** Flag specs for `parseArgs`. */
export const DATASET_FLAGS: Readonly<Record<string, FlagSpec>> = Object.freeze({
  dataset: { type: "string", help: `dataset kind: ${DATASET_NAMES.join(" | ")}` },
  root: { type: "string", help: "dataset folder (or video file / CSV file)" },
  annotations: { type: "string", help: "annotation file (xlsx/xls/csv) when not found under the root" },
  step: { type: "string", help: "keep every N-th frame (samm-lv: 7 official, 8 ABPN, 1 all)" },
  fps: { type: "string", help: "frame rate of the frames as stored" },
  "offset-repair": {
    type: "string",
    help: "offset 0 repair: apex (baseline) | apex+20 (LGSNet) | 2apex-onset (ABPN) (casme2, abpn-csv, frames, video)",
  },
  "frame-base": { type: "string", help: "first frame number in the CSV: 0 | 1 (abpn-csv)" },
  "csv-frames": { type: "string", help: "CSV frames are: index | number (frames)" },
  "frames-dir": { type: "string", help: "frame folder under the root (casme2: rawpic)" },
  "no-blinks": { type: "boolean", help: "do not read the eye blink sheet (casme3)" },
  "drop-unannotated": { type: "boolean", help: "skip videos without events (samm-lv, casme2, casme3)" },
  cache: { type: "string", help: "decoded-frame cache folder (video)" },
});

/** Which adapters take which flag (and under which option name). */
const FLAG_OPTIONS: Record<string, { option: string; datasets: readonly DatasetName[] }> = {
  annotations: { option: "annotations", datasets: ["samm-lv", "casme2", "casme3", "abpn-csv", "frames", "video"] },
  step: { option: "step", datasets: ["samm-lv", "abpn-csv", "frames"] },
  fps: { option: "fps", datasets: ["samm-lv", "casme2", "casme3", "abpn-csv", "frames", "video"] },
  "offset-repair": { option: "offsetRepair", datasets: ["casme2", "abpn-csv", "frames", "video"] },
  "frame-base": { option: "frameBase", datasets: ["abpn-csv"] },
  "csv-frames": { option: "csvFrames", datasets: ["frames"] },
  "frames-dir": { option: "framesDir", datasets: ["casme2"] },
  "no-blinks": { option: "blinks", datasets: ["casme3"] },
  "drop-unannotated": { option: "keepUnannotated", datasets: ["samm-lv", "casme2", "casme3"] },
  cache: { option: "cache", datasets: ["video"] },
};

/** The chosen dataset, its root and the adapter options given on the command line. */
export interface DatasetArgs<N extends DatasetName = DatasetName> {
  /** `--dataset`. */
  name: N;
  /** `--root`. */
  root: string;
  /** Adapter options from the other flags. */
  options: Partial<DatasetOptions[N]>;
}

/**
 * Reads `--dataset`, `--root` and the adapter flags; throws a {@link UsageError} for a missing dataset or
 * root (optional for `synth`: "" generates SynthFace into the results cache), a bad value, or a flag that the chosen adapter does not take.
 *
 * @example
 * ```ts
 * import { parseArgs } from "../../cli/args.ts";
 * const a = parseArgs(["--dataset", "samm-lv", "--root", "/d", "--step", "8"], { ...DATASET_FLAGS });
 * datasetArgs(a).options; // { step: 8 }
 * ```
 */
export function datasetArgs(args: ParsedArgs): DatasetArgs {
  const name = choiceFlag(args, "dataset", DATASET_NAMES);
  if (!name) throw new UsageError(`--dataset is required (${DATASET_NAMES.join(", ")})`);
  const root = stringFlag(args, "root") ?? "";
  if (!root && name !== "synth") throw new UsageError("--root is required");
  const options: Record<string, unknown> = {};
  for (const [flag, { option, datasets }] of Object.entries(FLAG_OPTIONS)) {
    const v = args.flags[flag];
    if (v === undefined || v === false) continue;
    if (!datasets.includes(name)) {
      throw new UsageError(`--${flag} does not apply to --dataset ${name} (it applies to ${datasets.join(", ")})`);
    }
    switch (flag) {
      case "step":
      case "fps":
      case "frame-base":
        options[option] = numberFlag(args, flag);
        break;
      case "no-blinks":
      case "drop-unannotated":
        options[option] = false;
        break;
      default:
        options[option] = stringFlag(args, flag);
    }
  }
  return { name, root, options: options as Partial<DatasetOptions[DatasetName]> };
}
