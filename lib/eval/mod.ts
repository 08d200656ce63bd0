/**
 * MEGC evaluation: IoU conventions, one-to-one matching, metrics per type and pooled, epoch
 * selection protocols (final / nested / oracle), run-directory evaluation, file formats and exports.
 *
 * @module
 */
export * from "../postproc/iou.ts";
export * from "../data/probs_file.ts";
export * from "./match.ts";
export * from "./metrics.ts";
export * from "./evaluate.ts";
export * from "./selection.ts";
export * from "./table.ts";
export * from "./proposals_csv.ts";
export * from "./spot_probs.ts";
export * from "./coverage.ts";
export * from "./run_eval.ts";
export * from "./export_megc.ts";
export * from "./report.ts";
export * from "./run_report.ts";
