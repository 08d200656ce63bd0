/**
 * Paper Table 3: the five ways of combining spatial and temporal attention (§4.4.1, Fig. 6).
 * SynthFace by default; `dataset: { name: "samm-lv" }` runs on `data/samm-lv` (add `root` to read elsewhere).
 */
import type { Experiment } from "../lib/experiment/config/types.ts";

export default {
  name: "table3-variants",
  description: "Spatio-temporal attention variants (paper Table 3)",
  config: {
    dataset: { name: "synth" }, // the one field to switch to a real dataset: "samm-lv" / "casme2" reads data/<name> (or set root)
    sweep: { seeds: [270, 271, 272] }, // three seeds for mean ± std (the paper reports one run)
  },
  grid: [{
    name: "variant",
    values: [
      { label: "Simul-ST", patch: { model: { variant: "simul-st" } } },
      { label: "Seq-ST", patch: { model: { variant: "seq-st" } } },
      { label: "Paral-ST", patch: { model: { variant: "paral-st" } } },
      { label: "Paral-ST shared", patch: { model: { variant: "paral-st-shared" } } },
      { label: "Simul-TS", patch: { model: { variant: "simul-ts" } } },
    ],
  }],
  paper: {
    table: "table3_variants",
    rows: {
      "Simul-ST": "Simul-ST",
      "Seq-ST": "Seq-ST",
      "Paral-ST": "Paral-ST",
      "Paral-ST shared": "Paral-ST (no additional parameters)",
      "Simul-TS": "Simul-TS",
    },
  },
} satisfies Experiment;
