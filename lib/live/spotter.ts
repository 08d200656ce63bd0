/**
 * Live post-processing: frame probabilities arrive window by window; proposals (paper §3.4, the same
 * {@link spotVideo} as `deno task spot`) are re-derived over the frames so far and reported once they are *closed*
 * — their apex is more than the largest onset/offset search distance before the newest frame, so no later frame
 * can change them.
 *
 * @module
 */
import { type Proposal, spotVideo } from "../postproc/mod.ts";
import { type ProposalOptions, resolveProposals, searchRange } from "../postproc/options.ts";
import { N_PROB_COLUMNS } from "../data/probs_file.ts";

/** Accumulates `T × 10` probabilities and lists closed proposals. */
export class LiveSpotter {
  #probs = new Float32Array(1024 * N_PROB_COLUMNS);
  #T = 0;
  #options: Partial<ProposalOptions>;
  #closed: Proposal[] = [];
  #horizon: number;

  /** `options`: proposal options (thresholds); NMS keeps every proposal of a stream (top-K is per video). */
  constructor(options: Partial<ProposalOptions> = {}) {
    this.#options = options;
    const o = resolveProposals(options);
    this.#horizon = Math.max(...o.types.map((t) => searchRange(o, t).step));
  }

  /** Frames so far. */
  get length(): number {
    return this.#T;
  }

  /** The probabilities so far, `T × 10` row-major (a view: copy before keeping). */
  get probs(): Float32Array {
    return this.#probs.subarray(0, this.#T * N_PROB_COLUMNS);
  }

  /** Proposals closed so far, in the order they closed. */
  get closed(): readonly Proposal[] {
    return this.#closed;
  }

  /** Changes the thresholds (applies to proposals closed from now on). */
  setThreshold(theta: number): void {
    this.#options = { ...this.#options, meThreshold: theta, maeThreshold: theta };
  }

  /** Appends rows (`k × 10`); returns the proposals that closed with them. */
  add(rows: Float32Array): Proposal[] {
    const k = rows.length / N_PROB_COLUMNS;
    if (!Number.isInteger(k)) throw new RangeError(`LiveSpotter.add: ${rows.length} values is not k × 10`);
    if ((this.#T + k) * N_PROB_COLUMNS > this.#probs.length) {
      const grown = new Float32Array(Math.max(this.#probs.length * 2, (this.#T + k) * N_PROB_COLUMNS));
      grown.set(this.#probs);
      this.#probs = grown;
    }
    this.#probs.set(rows, this.#T * N_PROB_COLUMNS);
    this.#T += k;
    return this.#update(false);
  }

  /** Ends the stream: every remaining proposal closes. */
  finish(): Proposal[] {
    return this.#update(true);
  }

  #update(all: boolean): Proposal[] {
    const T = this.#T;
    const seen = new Set(this.#closed.map((p) => `${p.type}:${p.apex}`));
    const limit = all ? T : T - 1 - this.#horizon;
    const news = spotVideo(this.probs, T, { proposals: this.#options, nms: { topK: 1_000_000 } })
      .filter((p) => p.apex < limit && !seen.has(`${p.type}:${p.apex}`))
      .sort((a, b) => a.apex - b.apex);
    this.#closed.push(...news);
    return news;
  }
}
