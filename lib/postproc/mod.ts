/**
 * Post-processing (paper §3.4): apex-driven proposals, NMS per (video, type).
 *
 * @module
 */
export * from "./options.ts";
export * from "./proposals.ts";
export * from "./nms.ts";
export * from "./spot.ts";
