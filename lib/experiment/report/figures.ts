/**
 * Figure data from sweep results: F1 curves (window size, λ) with the paper's numbers, the timeline of one
 * video (ground truth vs final-epoch proposals) and learned-feature PCA inputs.
 *
 * @module
 */
import { foldMembers } from "../../data/folds.ts";
import { parseOfficialCsv } from "../../data/official_csv.ts";
import { N_PROB_COLUMNS, PROB_COLUMNS } from "../../data/probs_file.ts";
import { readProbsFile } from "../../eval/mod.ts";
import { spotVideo } from "../../postproc/mod.ts";
import type { F1Point } from "../../viz/f1_curve.ts";
import type { TimelineInput } from "../../viz/timeline.ts";
import { createSpotFormer, type SpotFormerOptions } from "../../spotformer/mod.ts";
import { initBackend } from "../../tf/backend.ts";
import { featuresFromDir } from "../../data/features.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import { predictProbs } from "../../spotformer/mod.ts";
import { collectRows } from "./collect.ts";
import { featuresDir, openConfiguredDataset } from "../engine/inputs.ts";

import { runDirOf, type SweepPlan } from "../engine/plan.ts";
import { meanStd, paperTable } from "./tables.ts";
import type { Cell, Protocol } from "../config/types.ts";

const TYPES = [["mae", "MaE"], ["me", "ME"], ["overall", "overall"]] as const;

/**
 * F1 points of a one-axis sweep: x = `Number(cell label)`, ours for `protocol` (mean ± std over seeds), and the
 * paper's row of the same cell (its first three columns: the SAMM-LV MaE / ME / overall).
 */
export async function curvePoints(plan: SweepPlan, protocol: Protocol = "final"): Promise<F1Point[]> {
  const { rows } = await collectRows(plan);
  const pts: F1Point[] = [];
  for (const r of rows) {
    if (r.protocol !== protocol) continue;
    const x = Number(r.cell);
    if (!Number.isFinite(x)) throw new RangeError(`curvePoints: cell "${r.cell}" is not a number`);
    for (const [k, type] of TYPES) {
      const { mean, std } = meanStd(r.seeds.map((s) => s[k].f1));
      pts.push({ x, type, mean, std, source: "ours" });
    }
  }
  const paper = plan.experiment.paper;
  if (paper) {
    const t = paperTable(paper.table);
    for (const c of plan.cells) {
      const values = t.rows[paper.rows[c.label] ?? ""];
      if (!values) continue;
      TYPES.forEach(([, type], i) => {
        const v = values[i];
        if (v != null) pts.push({ x: Number(c.label), type, mean: v, std: 0, source: "paper" });
      });
    }
  }
  return pts;
}

/** Last `epoch_<EEE>.json` of a fold folder. */
async function lastEpochFile(dir: string): Promise<string> {
  let best = -1;
  for await (const e of Deno.readDir(dir)) {
    const m = /^epoch_(\d+)\.json$/.exec(e.name);
    if (m && Number(m[1]) > best) best = Number(m[1]);
  }
  if (best < 0) throw new Error(`${dir} has no epoch_<EEE>.json files; has the fold finished?`);
  return `${dir}/epoch_${String(best).padStart(3, "0")}.json`;
}

/**
 * Timeline input of one video of a finished run: ground truth from the run's `annotations.csv`, proposals
 * from the final epoch's probabilities post-processed with the cell's own options.
 * Picks the first video of `fold` when `video` is not given.
 */
export async function runTimeline(
  plan: SweepPlan,
  cell: Cell,
  options: { seed?: number; fold?: string; video?: string; fps?: number } = {},
): Promise<TimelineInput> {
  const seed = options.seed ?? cell.config.sweep.seeds[0];
  const run = runDirOf(plan, cell, seed);
  const fold = options.fold ?? plan.folds[cell.key]?.[0];
  if (!fold) throw new Error(`no folds recorded for cell "${cell.label}"`);
  const videos = await readProbsFile(await lastEpochFile(`${run}/folds/${fold}`));
  const v = options.video ? videos.find((x) => x.video === options.video) : videos[0];
  if (!v) throw new Error(`video "${options.video}" is not among the predictions of fold ${fold} in ${run}`);
  const ann = parseOfficialCsv(await Deno.readTextFile(`${run}/annotations.csv`), `${run}/annotations.csv`);
  const post = cell.config.postproc;
  const T = v.T;
  const proposals = spotVideo(v.probs, T, { proposals: post.proposals, nms: post.nms });
  const fps = options.fps ?? (cell.config.dataset.name === "synth" ? Number(cell.config.dataset.synth.fps) : 0);
  return {
    video: v.video,
    gt: ann.filter((r) => r.video === v.video).map(({ type, onset, apex, offset }) => ({ type, onset, apex, offset })),
    proposals: proposals.map(({ type, onset, offset, score }) => ({ type, onset, offset, score })),
    frameCount: T,
    fps,
    curves: (["MaE", "ME"] as const).map((type) => {
      const col = PROB_COLUMNS[type];
      const at = (c: number) => Float32Array.from({ length: T }, (_, t) => v.probs[t * N_PROB_COLUMNS + c]);
      const threshold = type === "ME" ? post.proposals.meThreshold : post.proposals.maeThreshold;
      return {
        type,
        onset: at(col.onset),
        apex: at(col.apex),
        offset: at(col.offset),
        action: at(col.action),
        threshold,
      };
    }),
  };
}

/**
 * Spots expressions in one held-out video with a trained fold: loads `<fold>/ckpt/latest.ckpt`, predicts the
 * frame probabilities (`predictProbs`), post-processes them with the cell's options (`spotVideo`) and returns the
 * timeline input (ground truth + proposals). Picks the first video of the fold's subject unless `video` is given.
 */
export async function spotHeldOut(
  plan: SweepPlan,
  cell: Cell,
  options: { seed?: number; fold?: string; video?: string } = {},
): Promise<TimelineInput> {
  const seed = options.seed ?? cell.config.sweep.seeds[0];
  const fold = options.fold ?? plan.folds[cell.key]?.[0];
  if (!fold) throw new Error(`no folds recorded for cell "${cell.label}"`);
  const ds = await openConfiguredDataset(cell.config, plan.results);
  const v = ds.videos.find((x) =>
    foldMembers(fold).includes(x.subject) && (!options.video || x.video === options.video)
  );
  if (!v) throw new Error(`no video ${options.video ?? ""} of subject ${fold} in ${ds.name}`);
  const features = await featuresFromDir(await featuresDir(cell.config, plan.results))(v);
  const path = `${runDirOf(plan, cell, seed)}/folds/${fold}/ckpt/latest.ckpt`;
  const ck = await loadCheckpoint(path);
  if (!ck) throw new Error(`no checkpoint at ${path}; run the sweep first`);
  await initBackend(cell.config.sweep.backend);
  const model = createSpotFormer({ ...cell.config.model, seed } as Partial<SpotFormerOptions>);
  let probs: Float32Array;
  try {
    model.setState(ck.model);
    probs = await predictProbs(model, features, { batch: 256 });
  } finally {
    model.dispose();
  }
  const post = cell.config.postproc;
  const proposals = spotVideo(probs, features.shape[0], { proposals: post.proposals, nms: post.nms });
  return {
    video: v.video,
    gt: v.events,
    proposals: proposals.map(({ type, onset, offset, score }) => ({ type, onset, offset, score })),
    frameCount: features.shape[0],
    fps: v.fps,
  };
}
