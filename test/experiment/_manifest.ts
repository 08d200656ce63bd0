/** Test fixture: a run folder's manifest (`run.json`) and unit records, as the engine writes them. */
import { resolveConfig } from "../../lib/experiment/config/resolve.ts";
import type { ConfigPatch } from "../../lib/experiment/config/types.ts";
import { datasetIdentity, MANIFEST_FORMAT, type RunManifest, textHash } from "../../lib/experiment/engine/manifest.ts";

/**
 * Writes `<dir>/run.json` for `config` with outer folds `folds`, the hash of `<dir>/annotations.csv` (which must
 * exist), and a unit record for every fold in `finished` (default: all).
 */
export async function writeTestManifest(
  dir: string,
  folds: readonly string[],
  options: { config?: ConfigPatch; finished?: readonly string[] } = {},
): Promise<RunManifest> {
  const config = resolveConfig(options.config ?? {});
  const m: RunManifest = {
    format: MANIFEST_FORMAT,
    experiment: "test",
    cell: { label: "default", key: "cell0", axes: {} },
    seed: 270,
    config,
    dataset: datasetIdentity(config),
    features: { dir: "", hash: "", videos: 0, dataset: null, flow: null },
    annotations: await textHash(await Deno.readTextFile(`${dir}/annotations.csv`)),
    folds: Object.fromEntries(folds.map((f) => [f, `unit-${f}`])),
    subjects: [...folds],
    backend: "cpu",
    commit: "test",
    dirty: false,
    createdAt: new Date(0).toISOString(),
    timings: {},
  };
  await Deno.writeTextFile(`${dir}/run.json`, JSON.stringify(m));
  await Deno.mkdir(`${dir}/units`, { recursive: true });
  for (const f of options.finished ?? folds) {
    await Deno.writeTextFile(`${dir}/units/${f}.json`, JSON.stringify({ key: `unit-${f}`, seconds: 1 }));
  }
  return m;
}
