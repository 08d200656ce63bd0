/**
 * Paper Table 4: SW-MRO window size w (temporal receptive field; the model's T follows it) (§4.4.2).
 * SynthFace by default; the paper ran it on SAMM-LV: `dataset: { name: "samm-lv" }` (reads `data/samm-lv`).
 */
import { axis } from "../lib/experiment/config/grid.ts";
import type { Experiment } from "../lib/experiment/config/types.ts";

const WINDOWS = [9, 11, 15, 17, 19, 21, 25];

export default {
  name: "table4-window",
  description: "SW-MRO window size (paper Table 4, SAMM-LV)",
  config: {
    dataset: { name: "synth" }, // the one field to switch to a real dataset: "samm-lv" / "casme2" reads data/<name> (or set root)
    sweep: { seeds: [270, 271, 272] }, // three seeds for mean ± std (the paper reports one run)
  },
  grid: [axis("window", "features.window", WINDOWS)],
  paper: { table: "table4_window_samm", rows: Object.fromEntries(WINDOWS.map((w) => [String(w), String(w)])) },
} satisfies Experiment;
