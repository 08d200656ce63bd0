import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseArgs } from "../../../lib/cli/args.ts";
import { ADAPTERS, DATASET_NAMES, openDataset } from "../../../lib/data/adapters/mod.ts";
import { DATASET_FLAGS, datasetArgs } from "../../../lib/data/adapters/flags.ts";
import { names, rejectsWith, throwsWith, tmpDir, writeFrames } from "./_fixtures.ts";

Deno.test("openDataset() dispatches by name and passes the adapter's options", async () => {
  assertEquals([...DATASET_NAMES].sort(), Object.keys(ADAPTERS).sort());
  const root = await tmpDir();
  await writeFrames(`${root}/v`, names(0, 2, (i) => `${i}.png`));
  const ds = await openDataset("frames", root, { fps: 50 });
  assertEquals([ds.name, ds.videos[0].video, ds.videos[0].fps], ["frames", "v", 50]);
  await rejectsWith(
    () => openDataset("nope" as never, root),
    'unknown dataset "nope"; choose one of samm-lv, casme2, casme3, abpn-csv, frames, video, synth',
  );
  await rejectsWith(
    () => openDataset("casme2", root, { step: 7 } as never),
    'casme2: unknown option "step"; known: annotations, framesDir, offsetRepair, fps, keepUnannotated',
  );
});

Deno.test("datasetArgs() maps flags to adapter options and rejects flags the adapter does not take", () => {
  const spec = { ...DATASET_FLAGS };
  const parse = (...argv: string[]) => datasetArgs(parseArgs(argv, spec));
  assertEquals(parse("--dataset", "samm-lv", "--root", "/d", "--step", "8", "--drop-unannotated"), {
    name: "samm-lv",
    root: "/d",
    options: { step: 8, keepUnannotated: false },
  });
  assertEquals(parse("--dataset", "casme3", "--root", "/d", "--no-blinks").options, { blinks: false });
  assertEquals(parse("--dataset", "abpn-csv", "--root", "/d", "--frame-base", "1").options, { frameBase: 1 });
  throwsWith(() => parse("--root", "/d"), `--dataset is required (${DATASET_NAMES.join(", ")})`);
  throwsWith(() => parse("--dataset", "samm"), `--dataset must be one of ${DATASET_NAMES.join(", ")}; got "samm"`);
  throwsWith(() => parse("--dataset", "casme2"), "--root is required");
  throwsWith(
    () => parse("--dataset", "samm-lv", "--root", "/d", "--frame-base", "1"),
    "--frame-base does not apply to --dataset samm-lv (it applies to abpn-csv)",
  );
  throwsWith(() => parse("--dataset", "samm-lv", "--root", "/d", "--step", "x"), '--step must be a number, got "x"');
});
