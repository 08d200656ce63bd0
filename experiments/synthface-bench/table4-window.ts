/**
 * The SynthFace benchmark's Table 4 (`results/published/synthface-bench/`): the paper experiment `experiments/table4-window.ts` on
 * SynthFace bench-v1 with the benchmark's protocol and CPU recipe (`bench.ts`). Rerun with `deno task reproduce table4-window`.
 */
import paper from "../table4-window.ts";
import { benchExperiment } from "./bench.ts";

export default benchExperiment(paper);
