/**
 * Reader of a published results folder (`results/published/<benchmark>/`): its `manifest.json` (format
 * `spotkit-published/1`) lists the tables (Markdown + CSV, per-cell config hashes, seeds, per-unit records and the
 * scores of every seed under each selection protocol) and the figures (SVG + PNG, optional Vega-Lite JSON).
 *
 * Layout:
 * ```
 * <dir>/manifest.json
 * <dir>/tables/<experiment>.md, <dir>/tables/<experiment>.csv
 * <dir>/figures/<name>.svg, .png, .vl.json
 * <dir>/<experiment>/cells/…   (the sweep's result store, lib/experiment/engine/store.ts)
 * ```
 * Paths inside the manifest are relative to `<dir>`.
 *
 * @module
 */
import type { Protocol, Scores } from "../config/types.ts";

/** The manifest's `format` value this reader understands. */
export const PUBLISHED_FORMAT = "spotkit-published/1";

/** The SynthFace benchmark's published folder, relative to the repository root. */
export const PUBLISHED_DIR = "results/published/synthface-bench";

/** Experiments (files under `experiments/`) whose tables are published: paper Tables 2–5. */
export const PUBLISHED_EXPERIMENTS = ["table2-ablation", "table3-variants", "table4-window", "table5-lambda"] as const;

/** Names of the published figures. */
export const PUBLISHED_FIGURES = [
  "fig5-flow",
  "fig7-pca",
  "fig8-timeline",
  "f1-vs-window",
  "f1-vs-lambda",
  "training-curves",
] as const;

/** One finished training unit (cell × seed × fold) behind a published cell. */
export interface PublishedUnit {
  seed: number;
  /** Held-out subject (or subject group) of the fold. */
  fold: string;
  /** Unit hash (cell key, seed, fold), as in the unit record. */
  key: string;
  /** Wall seconds of the unit. */
  seconds: number;
  /** CPU seconds of the thread that ran it, when its record has them. */
  cpuSeconds?: number;
  /**
   * True when the unit resumed from checkpoints of an interrupted run whose time was not saved: `seconds` and
   * `cpuSeconds` then cover its last run only.
   */
  partialTime?: true;
  /** Git commit the unit ran at. */
  commit: string;
  /** tfjs backend the unit trained on. */
  backend: string;
}

/** One table row group: a grid cell with its scores per protocol and seed. */
export interface PublishedCell {
  /** Cell label as in the table (e.g. `"0.005"`). */
  label: string;
  /** The cell's config hash (`Cell.key`). */
  configHash: string;
  seeds: number[];
  units: PublishedUnit[];
  /** `scores[protocol][seed]`: all folds pooled (lib/eval metrics: `mae`, `me`, `overall`). */
  scores: Partial<Record<Protocol, Record<string, Scores>>>;
}

/** A published table. */
export interface PublishedTable {
  experiment: string;
  /** The experiment file it was swept from (relative to the repository root). */
  source: string;
  title: string;
  /** How the folds were formed (e.g. "2 subject-grouped folds"). */
  folds: string;
  /** Relative path of the Markdown table (`tables/<experiment>.md`). */
  markdown: string;
  /** Relative path of the CSV table (`tables/<experiment>.csv`). */
  csv: string;
  cells: PublishedCell[];
  /** Cells × seeds not finished when the table was written (not in the table). */
  missing: string[];
}

/** A published figure. */
export interface PublishedFigure {
  name: string;
  title: string;
  /** Relative path of the SVG (`figures/<name>.svg`). */
  svg: string;
  /** Relative path of the PNG (`figures/<name>.png`). */
  png: string;
  /** Relative path of the Vega-Lite spec (`figures/<name>.vl.json`), when written. */
  vegaLite?: string;
}

/** The machine the results were computed on. */
export interface PublishedMachine {
  cores: number;
  cpu: string;
  os: string;
}

/** `manifest.json` of a published folder. */
export interface PublishedManifest {
  format: typeof PUBLISHED_FORMAT;
  benchmark: string;
  /** Data profile (e.g. the SynthFace profile id `bench-v1`). */
  profile: string;
  /** ISO time the manifest was written. */
  createdAt: string;
  commit: string;
  /** tfjs backend of the training units. */
  backend: string;
  machine: PublishedMachine;
  /**
   * Sum of the units' wall seconds, each unit once even when tables share it (each unit uses one core; with N
   * workers the elapsed time is about 1/N).
   */
  wallSeconds: number;
  /** Sum of the units' CPU seconds over the units whose records have them, and how many those are. */
  cpu?: { seconds: number; units: number; of: number };
  /** Units whose times cover only their last run ({@link PublishedUnit.partialTime}); absent when none. */
  partialTimeUnits?: number;
  tables: PublishedTable[];
  figures: PublishedFigure[];
}

/** A malformed manifest: the message names the file and the field. */
export class PublishedError extends Error {
  override name = "PublishedError";
}

type Check = (v: unknown, at: string) => void;

function checker(file: string) {
  const fail = (at: string, what: string): never => {
    throw new PublishedError(`${file}: ${at} ${what}; rewrite the folder with its writer or restore it from git`);
  };
  const obj = (v: unknown, at: string): Record<string, unknown> => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) fail(at, "must be an object");
    return v as Record<string, unknown>;
  };
  const str: Check = (v, at) => {
    if (typeof v !== "string") fail(at, "must be a string");
  };
  const num: Check = (v, at) => {
    if (typeof v !== "number" || !Number.isFinite(v)) fail(at, "must be a finite number");
  };
  const rel: Check = (v, at) => {
    str(v, at);
    const p = v as string;
    if (p.startsWith("/") || p.split("/").includes("..")) fail(at, `must be a path inside the folder (got "${p}")`);
  };
  const list = (v: unknown, at: string, item: Check): void => {
    if (!Array.isArray(v)) fail(at, "must be an array");
    (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
  };
  const fields = (v: unknown, at: string, spec: Record<string, Check>): void => {
    const o = obj(v, at);
    for (const [k, c] of Object.entries(spec)) c(o[k], at ? `${at}.${k}` : k);
  };
  return { fail, obj, str, num, rel, list, fields };
}

/** A check that also accepts an absent value. */
const optional = (check: Check): Check => (v, at) => {
  if (v !== undefined) check(v, at);
};

const SCORE_FIELDS = ["n_pred", "n_gt", "tp", "fp", "fn", "precision", "recall", "f1"] as const;

function validate(raw: unknown, file: string): PublishedManifest {
  const c = checker(file);
  const score: Check = (v, at) => c.fields(v, at, Object.fromEntries(SCORE_FIELDS.map((k) => [k, c.num])));
  const scores: Check = (v, at) => c.fields(v, at, { mae: score, me: score, overall: score });
  const byProtocol: Check = (v, at) => {
    for (const [p, bySeed] of Object.entries(c.obj(v, at))) {
      if (!["final", "nested", "oracle"].includes(p)) c.fail(`${at}.${p}`, "is not a protocol (final, nested, oracle)");
      for (const [seed, s] of Object.entries(c.obj(bySeed, `${at}.${p}`))) scores(s, `${at}.${p}.${seed}`);
    }
  };
  const unit: Check = (v, at) =>
    c.fields(v, at, {
      seed: c.num,
      fold: c.str,
      key: c.str,
      seconds: c.num,
      commit: c.str,
      backend: c.str,
      cpuSeconds: optional(c.num),
      partialTime: optional((x, a) => x === true || c.fail(a, "must be true when present")),
    });
  const cell: Check = (v, at) =>
    c.fields(v, at, {
      label: c.str,
      configHash: c.str,
      seeds: (x, a) => c.list(x, a, c.num),
      units: (x, a) => c.list(x, a, unit),
      scores: byProtocol,
    });
  const table: Check = (v, at) =>
    c.fields(v, at, {
      experiment: c.str,
      source: c.str,
      title: c.str,
      folds: c.str,
      markdown: c.rel,
      csv: c.rel,
      cells: (x, a) => c.list(x, a, cell),
      missing: (x, a) => c.list(x, a, c.str),
    });
  const figure: Check = (v, at) => {
    c.fields(v, at, { name: c.str, title: c.str, svg: c.rel, png: c.rel });
    const vl = (v as Record<string, unknown>).vegaLite;
    if (vl !== undefined) c.rel(vl, `${at}.vegaLite`);
  };
  const o = c.obj(raw, "the manifest");
  if (o.format !== PUBLISHED_FORMAT) {
    c.fail("format", `must be "${PUBLISHED_FORMAT}" (got ${JSON.stringify(o.format)})`);
  }
  c.fields(o, "", {
    benchmark: c.str,
    profile: c.str,
    createdAt: c.str,
    commit: c.str,
    backend: c.str,
    machine: (x, a) => c.fields(x, a, { cores: c.num, cpu: c.str, os: c.str }),
    wallSeconds: c.num,
    cpu: optional((x, a) => c.fields(x, a, { seconds: c.num, units: c.num, of: c.num })),
    partialTimeUnits: optional(c.num),
    tables: (x, a) => c.list(x, a, table),
    figures: (x, a) => c.list(x, a, figure),
  });
  return o as unknown as PublishedManifest;
}

/**
 * Reads `<dir>/manifest.json`. Returns `null` when the folder or its manifest does not exist; throws a
 * {@link PublishedError} naming the file and the field when the manifest is not valid JSON or does not match
 * {@link PublishedManifest} (the files it names are not opened: see {@link missingPublishedFiles}).
 *
 * @example
 * ```ts
 * const m = await readPublished("results/published/synthface-bench");
 * if (m) console.log(m.tables.map((t) => t.experiment));
 * ```
 */
export async function readPublished(dir: string): Promise<PublishedManifest | null> {
  const file = `${dir}/manifest.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PublishedError(`${file}: not valid JSON (${(e as Error).message}); rewrite it with its writer`);
  }
  return validate(raw, file);
}

/** Paths (joined with `dir`) of the files the manifest names that do not exist. */
export async function missingPublishedFiles(dir: string, manifest: PublishedManifest): Promise<string[]> {
  const named = [
    ...manifest.tables.flatMap((t) => [t.markdown, t.csv]),
    ...manifest.figures.flatMap((f) => [f.svg, f.png, ...(f.vegaLite ? [f.vegaLite] : [])]),
  ];
  const out: string[] = [];
  for (const p of named) {
    try {
      await Deno.stat(`${dir}/${p}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      out.push(`${dir}/${p}`);
    }
  }
  return out;
}
