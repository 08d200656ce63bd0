/**
 * The SynthFace benchmark's Table 5 (`results/published/synthface-bench/`): the paper experiment `experiments/table5-lambda.ts` on
 * SynthFace bench-v1 with the benchmark's protocol and CPU recipe (`bench.ts`). Rerun with `deno task reproduce table5-lambda`.
 */
import paper from "../table5-lambda.ts";
import { benchExperiment } from "./bench.ts";

export default benchExperiment(paper);
