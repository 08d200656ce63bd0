/**
 * Proposal generation followed by NMS for one video: the whole post-processing of paper §3.4.
 *
 * @module
 */
import { nms } from "./nms.ts";
import type { NmsOptions, ProposalOptions } from "./options.ts";
import { generateProposals, type Proposal } from "./proposals.ts";

/** Options of {@link spotVideo}: one slice per stage. */
export interface SpotOptions {
  /** Proposal generation options. @default DEFAULT_PROPOSALS */
  proposals?: Partial<ProposalOptions>;
  /** NMS options. @default DEFAULT_NMS */
  nms?: Partial<NmsOptions>;
}

/**
 * `(T·10) -> Proposal[]`: {@link generateProposals} then {@link nms} per type; ME proposals first,
 * each type in descending score.
 *
 * @example
 * ```ts
 * spotVideo(new Float32Array(50 * 10), 50); // [] (no apex above 0.5)
 * ```
 */
export function spotVideo(probs: Float32Array, T: number, options: SpotOptions = {}): Proposal[] {
  return nms(generateProposals(probs, T, options.proposals ?? {}), options.nms ?? {});
}
