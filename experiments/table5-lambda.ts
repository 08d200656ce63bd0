/**
 * Paper Table 5: weight λ of the supervised contrastive loss in Eq. (5) (§4.4.3).
 * SynthFace by default; `dataset: { name: "casme2" }` runs on `data/casme2` (add `root` to read elsewhere).
 */
import { axis } from "../lib/experiment/config/grid.ts";
import type { Experiment } from "../lib/experiment/config/types.ts";

const LAMBDAS = [0, 0.001, 0.003, 0.005, 0.008, 0.01, 0.03, 0.05];

export default {
  name: "table5-lambda",
  description: "Contrastive loss weight λ (paper Table 5)",
  config: {
    dataset: { name: "synth" }, // the one field to switch to a real dataset: "samm-lv" / "casme2" reads data/<name> (or set root)
    sweep: { seeds: [270, 271, 272] }, // three seeds for mean ± std (the paper reports one run)
  },
  grid: [axis("λ", "loss.lambda", LAMBDAS)],
  paper: {
    table: "table5_lambda",
    rows: Object.fromEntries(LAMBDAS.map((l) => [String(l), l === 0 ? "0.0" : String(l)])),
  },
} satisfies Experiment;
