/**
 * Types of experiments and sweeps: the resolved configuration, patches of it, grid axes and the
 * `Experiment` literal that every `experiments/*.ts` file exports (`satisfies Experiment`).
 *
 * @module
 */
import type { SynthFaceOptions } from "../../data/synthface/mod.ts";
import type { MatchOptions } from "../../eval/mod.ts";
import type { FlowOptionsInput } from "../../flow/mod.ts";
import type { LossOptions } from "../../losses/mod.ts";
import type { NmsOptions, ProposalOptions } from "../../postproc/mod.ts";
import type { SpotFormerOptions } from "../../spotformer/mod.ts";
import type { TrainOptions } from "../../train/mod.ts";

/** A JSON value as stored in configs and result files. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Recursively optional version of `T` (arrays replace, objects merge). */
export type DeepPartial<T> = T extends readonly unknown[] ? T
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T;

/** Dataset adapter names (as `openDataset` in lib/data/adapters). `synth` is SynthFace, generated on demand. */
export type DatasetName = "synth" | "samm-lv" | "casme2" | "casme3" | "abpn-csv" | "frames" | "video";

/** Which dataset an experiment runs on. */
export interface DatasetConfig {
  /** Adapter. @default "synth" */
  name: DatasetName;
  /**
   * Root folder of the dataset; "" means `data/<name>` for a real dataset and the results cache
   * (`<results>/.cache/synthface/<hash>`) for SynthFace. @default ""
   */
  root: string;
  /** Adapter options (e.g. `{step: 7}` for SAMM-LV), passed to `openDataset`. @default {} */
  options: Record<string, unknown>;
  /** SynthFace generator options (used when `name` is `synth`). @default DEFAULT_SYNTHFACE */
  synth: Record<string, unknown>;
}

/** Epoch-selection protocols (official code: per-subject oracle; see official-implementation.md §6.4). */
export type Protocol = "final" | "nested" | "oracle";

/** How a sweep expands and runs. */
export interface SweepConfig {
  /** Training seeds; each cell runs once per seed. @default [270] */
  seeds: number[];
  /** Run only the first N LOSO folds (subjects in sorted order); 0 = every subject. @default 0 */
  maxFolds: number;
  /** Inner folds trained per outer fold for `nested` selection (first N other subjects); 0 = all. @default 0 */
  innerFolds: number;
  /** Selection protocols reported in tables. @default ["final","nested","oracle"] */
  protocols: Protocol[];
  /** tfjs backend of every unit (wasm: ~8× faster than cpu on CPU-only machines, tfjs-deno.md). @default "wasm" */
  backend: "cpu" | "wasm" | "webgpu" | "auto";
}

/**
 * The full resolved configuration of one grid cell. Module slices (`features`, `model`, `loss`, `train`,
 * `postproc`, `eval`) are the modules' own resolved options; they are typed loosely here and checked by
 * each module's own resolver inside {@link import("./resolve.ts").resolveConfig}.
 */
export interface SpotKitConfig {
  dataset: DatasetConfig;
  features: Record<string, unknown>;
  model: Record<string, unknown>;
  loss: Record<string, unknown>;
  train: Record<string, unknown>;
  postproc: Record<string, unknown>;
  eval: Record<string, unknown>;
  sweep: SweepConfig;
}

/**
 * A partial configuration: only what differs. Each slice is typed by its module's own options, so a typo in an
 * experiment literal fails `deno check` (and is rejected again at run time by {@link import("./resolve.ts").resolveConfig}).
 */
export interface ConfigPatch {
  dataset?: Partial<Omit<DatasetConfig, "synth">> & { synth?: Partial<SynthFaceOptions> };
  features?: FlowOptionsInput;
  model?: Partial<SpotFormerOptions>;
  loss?: DeepPartial<LossOptions>;
  train?: DeepPartial<TrainOptions>;
  postproc?: { proposals?: Partial<ProposalOptions>; nms?: Partial<NmsOptions> };
  eval?: Partial<MatchOptions>;
  sweep?: Partial<SweepConfig>;
}

/** One value of a grid axis: a label (row name in tables) and the patch it applies. */
export interface GridValue {
  label: string;
  patch: ConfigPatch;
}

/** One axis of a grid; cells are the cartesian product of every axis. */
export interface GridAxis {
  /** Axis name (a table column header). */
  name: string;
  values: GridValue[];
}

/** Keys of the paper tables in `paper-tables.json`. */
export type PaperTable = "table2_ablation" | "table3_variants" | "table4_window_samm" | "table5_lambda";

/** Where the paper's numbers for an experiment's cells are. */
export interface PaperRef {
  table: PaperTable;
  /** Cell label → row name in the paper table. */
  rows: Record<string, string>;
}

/**
 * An experiment file's content: only what differs from the defaults, a grid, a small profile for CI.
 *
 * @example
 * ```ts
 * const e = { name: "demo", description: "λ sweep", config: {}, grid: [] } satisfies Experiment;
 * ```
 */
export interface Experiment {
  /** Folder name under `results/`. */
  name: string;
  /** One line: what the experiment reproduces. */
  description: string;
  /** What differs from the defaults for every cell. */
  config: ConfigPatch;
  /** Axes of the grid (none = one cell). */
  grid?: GridAxis[];
  /** Extra patch applied with `--small` (on top of the global small profile). */
  small?: ConfigPatch;
  /** The paper table this reproduces. */
  paper?: PaperRef;
}

/** One grid cell: its label, the axis labels and the resolved config. */
export interface Cell {
  /** Labels joined with " / " (or "default" for a grid-less experiment). */
  label: string;
  /** Axis name → value label. */
  axes: Record<string, string>;
  config: SpotKitConfig;
  /** Hash of the config without seeds: identity of the cell's results. */
  key: string;
}

/** One unit of work: a cell × seed × LOSO fold (held-out subject). */
export interface Unit {
  cell: Cell;
  seed: number;
  /** Held-out subject. */
  fold: string;
  /** Hash of (cell key, seed, fold). */
  key: string;
}

/** Counts and scores of one expression type (or overall). */
export interface Score {
  n_pred: number;
  n_gt: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** MaE, ME and overall scores. */
export interface Scores {
  mae: Score;
  me: Score;
  overall: Score;
}
