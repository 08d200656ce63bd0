/**
 * Test fixture: a training experiment on precomputed features of fixture subjects (`abpn-csv` adapter), as
 * `deno task train --features … --annotations …` runs it.
 */
import { formatOfficialCsv } from "../../lib/data/official_csv.ts";
import type { ConfigPatch, Experiment } from "../../lib/experiment/config/types.ts";
import { writeFixture } from "../train/fixtures.ts";

/** Writes features of `subjects` (32 frames each) to `<dir>/feat` and their annotations to `<dir>/gt.csv`. */
export async function writeTrainInputs(dir: string, subjects: string[]): Promise<void> {
  const videos = await writeFixture(`${dir}/feat`, subjects, 32);
  const rows = videos.flatMap((v) => v.events.map((e) => ({ ...e, subject: v.subject, video: v.video })));
  await Deno.writeTextFile(`${dir}/gt.csv`, formatOfficialCsv(rows));
}

/**
 * An experiment training the tiny model for one epoch on the inputs of {@link writeTrainInputs} in `dir`; `more`
 * adds a loss slice, train options and the sweep slice.
 */
export function trainExperiment(
  dir: string,
  description: string,
  more: Pick<ConfigPatch, "loss" | "train" | "sweep">,
): Experiment {
  return {
    name: "train",
    description,
    config: {
      dataset: {
        name: "abpn-csv",
        root: `${dir}/feat`,
        features: `${dir}/feat`,
        options: { annotations: `${dir}/gt.csv` },
      },
      features: { window: 9 },
      model: { preset: "tiny" },
      ...(more.loss ? { loss: more.loss } : {}),
      train: { epochs: 1, batch: 32, evalBatch: 64, ...more.train },
      sweep: more.sweep,
    },
  };
}
