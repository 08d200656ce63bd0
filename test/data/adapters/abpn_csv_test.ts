import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openAbpnCsv } from "../../../lib/data/adapters/abpn_csv.ts";
import { OFFICIAL_HEADER } from "../../../lib/data/official_csv.ts";
import { writeNpy } from "../../../lib/io/npy.ts";
import { names, rejectsWith, throwsWith, tmpDir, writeFrames } from "./_fixtures.ts";
import { resolveAbpnCsv } from "../../../lib/data/adapters/abpn_csv.ts";

const CSV = [
  OFFICIAL_HEADER,
  "samm_006,samm_006_1,2,4,6,1,4(B/C)+7B",
  "samm_006,samm_006_1,5,0,7,2,12",
  "samm_006,samm_006_1,3,4,9,2,1",
  "samm_007,samm_007_1,1,2,3,2,",
  "samm_008,samm_008_1,1,2,3,2,",
  "",
].join("\n");

Deno.test("openAbpnCsv() pairs CSV rows with official .npy features or frame folders", async () => {
  const root = await tmpDir();
  await Deno.writeTextFile(`${root}/samm_new_25_7.csv`, CSV);
  await Deno.mkdir(`${root}/samm_006`);
  const T = 8, data = new Float32Array(T * 17 * 13 * 2).map((_, i) => i);
  await writeNpy(`${root}/samm_006/samm_006_1.npy`, data, [T, 17, 13, 2]);
  await writeFrames(`${root}/samm_007_1`, names(0, 5, (i) => `img_${String(i).padStart(5, "0")}.png`));
  const ds = await openAbpnCsv(root, { fps: 200 / 7 });
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount]), [["samm_006", "samm_006_1", 8], [
    "samm_007",
    "samm_007_1",
    6,
  ]]);
  assertEquals(ds.videos[0].events, [
    { type: "MaE", onset: 2, apex: 4, offset: 6, au: "4(B/C)+7B" },
    { type: "ME", onset: 5, apex: 6, offset: 7, au: "12" },
    { type: "ME", onset: 3, apex: 4, offset: 7, au: "1" },
  ]);
  assertEquals(ds.videos[1].events, [{ type: "ME", onset: 1, apex: 2, offset: 3 }]);
  const x = await ds.features!(ds.videos[0]);
  assertEquals(x.shape, [8, 17, 10, 2]);
  assertEquals(x.data[0], 2); // ROI 1, x
  assertEquals(ds.frames(ds.videos[1]).length, 6);
  const csv = `${root}/samm_new_25_7.csv`;
  assertEquals(ds.warnings, [
    `${csv}:3: apex 0 (not annotated) set to the middle frame 6`,
    `${csv}:4: offset 9 is after the last frame 7; clamped to 7`,
    `${csv}:6: no features ${root}/samm_008/samm_008_1.npy nor frame folder ${root}/samm_008/samm_008_1; video skipped`,
  ]);
  throwsWith(
    () => ds.frames(ds.videos[0]),
    `abpn-csv: video samm_006_1 has precomputed features only (${root}/samm_006/samm_006_1.npy); it has no frames`,
  );
  await rejectsWith(
    () => ds.features!(ds.videos[1]),
    "abpn-csv: video samm_007_1 has frames, not precomputed features",
  );
});

Deno.test("openAbpnCsv() with frameBase 1 repairs CAS end_frame 0 and maps back to CSV numbers", async () => {
  const root = await tmpDir();
  const csv = `${root}/cas.csv`;
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\ncasme_15,casme_15_0101,3,5,0,1,AU4\n`);
  await writeFrames(`${root}/casme_15/casme_15_0101`, names(1, 10, (i) => `img${String(i).padStart(3, "0")}.jpg`));
  const ds = await openAbpnCsv(csv, { frameBase: 1, offsetRepair: "apex+20" });
  assertEquals(ds.videos[0].events, [{ type: "MaE", onset: 2, apex: 4, offset: 9, au: "AU4" }]);
  assertEquals(ds.videos[0].originalFrame!(2), 3);
  assertEquals(ds.warnings, [
    `${csv}:2: offset 0 (not annotated) set to apex+20 = 25`,
    `${csv}:2: offset 25 is after the last frame 10; clamped to 10`,
  ]);
});

Deno.test("openAbpnCsv() rejects bad input with messages that name the file", async () => {
  const root = await tmpDir();
  const csv = `${root}/a.csv`;
  await Deno.writeTextFile(csv, "subject,video,start\n");
  await rejectsWith(
    () => openAbpnCsv(root),
    `${csv}:1: missing column(s) video_name, start_frame, apex_frame, end_frame, type_idx; expected header "${OFFICIAL_HEADER}"`,
  );
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\ns,v,9,10,4,1,\n`);
  await rejectsWith(() => openAbpnCsv(root), `${csv}:2: start_frame 9 is after end_frame 4`);
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\ns,v,1,2,4,3,\n`);
  await rejectsWith(() => openAbpnCsv(root), `${csv}:2: type_idx must be 1 (MaE) or 2 (ME), got "3"`);
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\n`);
  await rejectsWith(() => openAbpnCsv(root), `abpn-csv: ${csv} has no annotation rows`);
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\ns,v,1,2,4,1,\n`);
  await rejectsWith(
    () => openAbpnCsv(root),
    `abpn-csv: no video of ${csv} has features or frames under ${root}; check --root`,
  );
  await Deno.mkdir(`${root}/s`);
  await Deno.writeTextFile(`${root}/s/v.npy`, "not numpy");
  await rejectsWith(() => openAbpnCsv(root), `${root}/s/v.npy: not a .npy file (bad magic)`);
  throwsWith(() => resolveAbpnCsv({ frameBase: 2 as never }), "abpn-csv: frameBase must be one of 0, 1; got 2");
});

Deno.test("extractDataset() copies official precomputed features with the ROI selection and computes none", async () => {
  const { extractDataset, loadFeatures } = await import("../../../lib/flow/mod.ts");
  const root = await tmpDir();
  await Deno.writeTextFile(`${root}/samm_new_25_7.csv`, CSV.split("\n").slice(0, 4).join("\n") + "\n");
  await Deno.mkdir(`${root}/samm_006`);
  const T = 8, data = new Float32Array(T * 17 * 13 * 2).map((_, i) => i);
  await writeNpy(`${root}/samm_006/samm_006_1.npy`, data, [T, 17, 13, 2]);
  const ds = await openAbpnCsv(root, { fps: 200 / 7 });
  const out = `${root}/features`;
  const r = await extractDataset(ds, out, { workers: 1 });
  assertEquals(r.map((x) => [x.video, x.provider, x.shape]), [["samm_006_1", "precomputed", [8, 17, 10, 2]]]);
  const f = await loadFeatures(out, "samm_006", "samm_006_1");
  assertEquals(f.shape, [8, 17, 10, 2]);
  assertEquals(Array.from(f.data.subarray(0, 4)), [2, 3, 4, 5]); // ROIs 1 and 2 of frame 0, step 0
});
