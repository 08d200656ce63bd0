/**
 * Apex-driven proposal generation (paper §3.4; official `calculate_proposal_with_score`,
 * `post_process.py:7-65`, and the exact behaviours of official-implementation §6.5).
 *
 * @module
 */
import { N_PROB_COLUMNS, PROB_COLUMNS } from "../data/probs_file.ts";
import type { ExpressionType } from "../data/types.ts";
import { type ProposalOptions, resolveProposals, searchRange } from "./options.ts";

/** One spotted interval (0-based inclusive frames of the probability series) with its score. */
export interface Proposal {
  type: ExpressionType;
  onset: number;
  apex: number;
  offset: number;
  /** `P_on[onset] · P_off[offset] · P_apex[apex]`, rounded to float32 after each product. */
  score: number;
}

/**
 * Spots proposals in one video's probabilities.
 *
 * For each type: every frame `a` with `P_apex[a] > θ` (strict unless `strictThreshold: false`) is a
 * candidate. The onset is the first maximum of `P_on` over `a − k`, and the offset the first maximum
 * of `P_off` over `a + k`, for distances `k = EX_MIN..STEP` visited from the apex outwards (so a tie
 * goes to the frame nearest the apex), clipped to `[0, T−1]`. The candidate survives only if
 * `P_on[s] > P_off[s]` and `P_on[e] < P_off[e]` (strict; no fallback). Score is computed in float32
 * in the official order `(P_on · P_off) · P_apex`.
 *
 * `(T·10) -> Proposal[]`, ME candidates first then MaE, each in apex order; duplicates are left to {@link nms}.
 *
 * @example
 * ```ts
 * const T = 20, p = new Float32Array(T * 10);
 * p[10 * 10 + 6] = 0.9; // ME apex at frame 10
 * p[7 * 10 + 0] = 0.8; p[13 * 10 + 1] = 0.8; // onset at 7, offset at 13
 * generateProposals(p, T, { types: ["ME"] }); // [{ type: "ME", onset: 7, apex: 10, offset: 13, score: ≈0.576 }]
 * ```
 */
export function generateProposals(
  probs: Float32Array,
  T: number,
  options: Partial<ProposalOptions> = {},
): Proposal[] {
  if (!Number.isInteger(T) || T < 0 || probs.length !== T * N_PROB_COLUMNS) {
    throw new RangeError(
      `generateProposals: probs has ${probs.length} values, expected T·${N_PROB_COLUMNS} = ${T * N_PROB_COLUMNS}`,
    );
  }
  const o = resolveProposals(options);
  const out: Proposal[] = [];
  const at = (t: number, c: number) => probs[t * N_PROB_COLUMNS + c];
  for (const type of o.types) {
    const col = PROB_COLUMNS[type];
    const theta = type === "ME" ? o.meThreshold : o.maeThreshold;
    const { step, exMin } = searchRange(o, type);
    for (let a = 0; a < T; a++) {
      const pa = at(a, col.apex);
      if (!(o.strictThreshold ? pa > theta : pa >= theta)) continue;
      let s = -1, e = -1;
      for (let k = exMin; k <= step; k++) {
        const ts = Math.max(0, a - k);
        if (s < 0 || at(ts, col.onset) > at(s, col.onset)) s = ts;
        const te = Math.min(T - 1, a + k);
        if (e < 0 || at(te, col.offset) > at(e, col.offset)) e = te;
      }
      if (!(at(s, col.onset) > at(s, col.offset) && at(e, col.onset) < at(e, col.offset))) continue;
      const score = Math.fround(Math.fround(at(s, col.onset) * at(e, col.offset)) * pa);
      out.push({ type, onset: s, apex: a, offset: e, score });
    }
  }
  return out;
}
