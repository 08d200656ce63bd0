/**
 * The SynthFace benchmark's Table 3 (`results/published/synthface-bench/`): the paper experiment `experiments/table3-variants.ts` on
 * SynthFace bench-v1 with the benchmark's protocol and CPU recipe (`bench.ts`). Rerun with `deno task reproduce table3-variants`.
 */
import paper from "../table3-variants.ts";
import { benchExperiment } from "./bench.ts";

export default benchExperiment(paper);
