/**
 * Paper Table 2: ablation of the SW-MRO feature (vs optical flow between adjacent frames) and of facial local
 * graph pooling (vs global average pooling over the graph) (§4.3).
 * SynthFace by default; `dataset: { name: "samm-lv" }` runs on `data/samm-lv` (add `root` to read elsewhere).
 */
import type { Experiment } from "../lib/experiment/config/types.ts";

export default {
  name: "table2-ablation",
  description: "SW-MRO × FLGP ablation (paper Table 2)",
  config: {
    dataset: { name: "synth" }, // the one field to switch to a real dataset: "samm-lv" / "casme2" reads data/<name> (or set root)
    sweep: { seeds: [270, 271, 272] }, // three seeds for mean ± std (the paper reports one run)
  },
  grid: [
    {
      name: "SW-MRO",
      values: [
        { label: "no SW-MRO", patch: { features: { strategy: "adjacent" } } },
        { label: "SW-MRO", patch: { features: { strategy: "sw-mro" } } },
      ],
    },
    {
      name: "FLGP",
      values: [
        { label: "no FLGP", patch: { model: { variant: "gap" } } },
        { label: "FLGP", patch: { model: { variant: "simul-st" } } },
      ],
    },
  ],
  paper: {
    table: "table2_ablation",
    rows: {
      "no SW-MRO / no FLGP": "no SW-MRO, no FLGP",
      "no SW-MRO / FLGP": "no SW-MRO, FLGP",
      "SW-MRO / no FLGP": "SW-MRO, no FLGP (GAP)",
      "SW-MRO / FLGP": "SW-MRO, FLGP",
    },
  },
} satisfies Experiment;
