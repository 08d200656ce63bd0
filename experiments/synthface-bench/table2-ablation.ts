/**
 * The SynthFace benchmark's Table 2 (`results/published/synthface-bench/`): the paper experiment `experiments/table2-ablation.ts` on
 * SynthFace bench-v1 with the benchmark's protocol and CPU recipe (`bench.ts`). Rerun with `deno task reproduce table2-ablation`.
 */
import paper from "../table2-ablation.ts";
import { benchExperiment } from "./bench.ts";

export default benchExperiment(paper);
