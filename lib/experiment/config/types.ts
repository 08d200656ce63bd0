/**
 * Types of experiments and sweeps: the resolved configuration, patches of it, grid axes and the
 * `Experiment` literal that every `experiments/*.ts` file exports (`satisfies Experiment`).
 *
 * @module
 */
import type { DatasetName, DatasetOptions } from "../../data/adapters/mod.ts";
import type { SynthFaceOptions } from "../../data/synthface/mod.ts";
import type { MatchOptions, SelectionProtocol } from "../../eval/mod.ts";
import type { FlowOptions, FlowOptionsInput } from "../../flow/mod.ts";
import type { LossOptions } from "../../losses/mod.ts";
import type { NmsOptions, ProposalOptions } from "../../postproc/mod.ts";
import type { SpotFormerOptions } from "../../spotformer/mod.ts";
import type { BackendName } from "../../tf/backend.ts";
import type { SlurmPatch } from "./slurm.ts";
import type { TrainOptions } from "../../train/mod.ts";

/** A JSON value as stored in configs and result files. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Recursively optional version of `T` (arrays replace, objects merge). */
export type DeepPartial<T> = T extends readonly unknown[] ? T
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T;

export type { DatasetName };

/** Fields every dataset slice has. */
interface DatasetCommon {
  /**
   * Root folder of the dataset; "" means `data/<name>` for a real dataset and the results cache
   * (`<results>/.cache/synthface/<hash>`) for SynthFace. @default ""
   */
  root: string;
  /**
   * Folder of precomputed SW-MRO features `<dir>/<subject>/<video>.npy` (with their sidecars); "" extracts them
   * into the results cache. @default ""
   */
  features: string;
}

/** The dataset slice of one adapter: its name and its resolved adapter options (SynthFace adds the generator's). */
export type DatasetConfigOf<N extends DatasetName> =
  & DatasetCommon
  & { name: N; options: DatasetOptions[N] }
  & (N extends "synth" ? { synth: SynthFaceOptions } : unknown);

/** Which dataset a configuration runs on: a union discriminated on `name`. */
export type DatasetConfig = { [N in DatasetName]: DatasetConfigOf<N> }[DatasetName];

/** Epoch-selection protocols (defined with the selection rules in lib/eval/selection.ts). */
export type Protocol = SelectionProtocol;

/** How a sweep expands and runs. */
export interface SweepConfig {
  /** Training seeds; each cell runs once per seed. @default [270] */
  seeds: number[];
  /**
   * Evaluation folds: 0 = leave-one-subject-out (LOSO, one subject per fold); k ≥ 2 = k subject-grouped folds
   * (subjects sorted and dealt round-robin; lib/data/folds.ts), for synthetic benchmarks too large for LOSO. @default 0
   */
  folds: number;
  /** Run only the first N folds (in sorted order); 0 = every fold. @default 0 */
  maxFolds: number;
  /** Run only the folds holding these subjects (before `maxFolds`); [] = every fold. @default [] */
  subjects: string[];
  /** Inner folds trained per outer fold for `nested` selection (the first N other folds); 0 = all. @default 0 */
  innerFolds: number;
  /** Selection protocols reported in tables. @default ["final","nested","oracle"] */
  protocols: Protocol[];
  /** tfjs backend of every unit (wasm: ~8× faster than cpu on CPU-only machines, tfjs-deno.md). @default "wasm" */
  backend: BackendName;
}

/** The post-processing slice: proposal generation and NMS (lib/postproc). */
export interface PostprocConfig {
  proposals: ProposalOptions;
  nms: NmsOptions;
}

/**
 * The full resolved configuration of one grid cell. Every module slice is that module's own resolved options
 * type, produced by the module's own resolver inside {@link import("./resolve.ts").resolveConfig}.
 */
export interface SpotKitConfig {
  dataset: DatasetConfig;
  features: FlowOptions;
  model: SpotFormerOptions;
  loss: LossOptions;
  train: TrainOptions;
  postproc: PostprocConfig;
  eval: MatchOptions;
  sweep: SweepConfig;
}

/**
 * A partial configuration: only what differs. Each slice is typed by its module's own options, so a typo in an
 * experiment literal fails `deno check` (and is rejected again at run time by {@link import("./resolve.ts").resolveConfig}).
 */
export interface ConfigPatch {
  dataset?: {
    name?: DatasetName;
    root?: string;
    features?: string;
    /** Options of the chosen adapter (checked by its resolver). */
    options?: Record<string, unknown>;
    synth?: Partial<SynthFaceOptions>;
  };
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
  /**
   * How `--executor slurm` submits the grid (partition, time, GPUs…); the CLI flags of the same names override it.
   * Not part of any cell's identity: changing it never invalidates results.
   */
  slurm?: SlurmPatch;
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
