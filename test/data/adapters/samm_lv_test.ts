import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openSammLv, resolveSammLv, SAMM_SHEET } from "../../../lib/data/adapters/samm_lv.ts";
import { names, rejectsWith, throwsWith, tmpDir, writeFrames, writeWorkbook } from "./_fixtures.ts";

const HEADER = [
  "Subject",
  "Filename",
  "Inducement Code",
  "Onset",
  "Apex",
  "Offset",
  "Duration",
  "Type",
  "Action Units",
  "Notes",
];
const TITLE = [
  ["SAMM Long Videos"],
  ["Subjects with Apex Frame not annotated were labelled as -1"],
  [],
  [],
  [],
  [],
  [],
  [],
  [],
];

/** A SAMM-LV tree: 006_1 (30 frames, 4 digits), 007_2 (10 frames, 5 digits) and an annotation workbook. */
async function sammTree(rows: (string | number | null)[][], header = HEADER, title = TITLE) {
  const root = await tmpDir();
  await writeFrames(`${root}/SAMM_longvideos/006_1`, names(1, 30, (i) => `006_1_${String(i).padStart(4, "0")}.jpg`));
  await writeFrames(`${root}/SAMM_longvideos/007_2`, names(1, 10, (i) => `007_2_${String(i).padStart(5, "0")}.jpg`));
  await writeWorkbook(`${root}/SAMM_LongVideos_V1_Release.xlsx`, { [SAMM_SHEET]: [...title, header, ...rows] });
  return root;
}

const ROWS = [
  [6, "006_1_1", 1, 8, 10.4, 15, 8, "Macro", "12", null],
  [6, "006_1_2", 1, 20, -1, 24, 5, "Micro - 1/2", "4", null],
  [6, "006_1_3", 1, 25, 26, 22, 0, "Macro", "4", null],
  [7, "007_2_1", 2, 2.5, 4, 9, 7, "Micro - 1/2", "R14", null],
  [8, "008_1_1", 1, 1, 2, 3, 3, "Macro", "1", null],
  [6, "006_1_4", 1, 1, 2, 3, 3, "Other", "1", null],
  [6, "006_1_5", 1, "abc", 2, 3, 3, "Macro", "1", null],
  [6, "006_1_6", 1, 28, 29, 40, 12, "Macro", "1", null],
];

Deno.test("openSammLv() reads frames, events and every repair in the official ÷7 time base", async () => {
  const root = await sammTree(ROWS);
  const ds = await openSammLv(root);
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount, v.fps]), [
    ["samm_006", "samm_006_1", 5, 200 / 7],
    ["samm_007", "samm_007_2", 2, 200 / 7],
  ]);
  const [a, b] = ds.videos;
  assertEquals(a.events, [
    { type: "MaE", onset: 1, apex: 1, offset: 2, au: "12" },
    { type: "ME", onset: 2, apex: 3, offset: 3, au: "4" },
    { type: "MaE", onset: 3, apex: 4, offset: 4, au: "1" },
  ]);
  assertEquals(b.events, [{ type: "ME", onset: 0, apex: 0, offset: 1, au: "R14" }]);
  assertEquals([0, 1, 4].map((i) => a.originalFrame!(i)), [1, 8, 29]);
  const src = ds.frames(a);
  assertEquals(src.length, 5);
  assertEquals(src.describe(1).endsWith("006_1/006_1_0008.jpg"), true);
  assertEquals(ds.frames(b).describe(1).endsWith("007_2/007_2_00008.jpg"), true);
  assertEquals((await src.read(4)).width, 4);
  const f = `${root}/SAMM_LongVideos_V1_Release.xlsx [${SAMM_SHEET}]`;
  assertEquals(ds.warnings, [
    `${f} row 11: fractional apex 10.4 rounded half up to 10`,
    `${f} row 12: apex -1 (not annotated) estimated as the middle frame 22`,
    `${f} row 13: onset 25 is after offset 22; row skipped`,
    `${f} row 14: fractional onset 2.5 rounded half up to 3`,
    `${f} row 16: Type "Other" is neither Macro nor Micro; row skipped`,
    `${f} row 17: onset "abc" is not a number; row skipped`,
    `${f} row 15: no frame folder ${root}/SAMM_longvideos/008_1; row skipped`,
    `${f} row 18: offset 40 is after the last frame 30; clamped to 30`,
  ]);
});

Deno.test("openSammLv() step 8 (ABPN) and step 1 change the time base only", async () => {
  const root = await sammTree(ROWS.slice(0, 1));
  const abpn = await openSammLv(root, { step: 8 });
  assertEquals(abpn.videos[0].frameCount, 4);
  assertEquals(abpn.videos[0].events[0], { type: "MaE", onset: 0, apex: 1, offset: 1, au: "12" });
  assertEquals(abpn.videos[0].originalFrame!(3), 25);
  const all = await openSammLv(root, { step: 1, keepUnannotated: false });
  assertEquals(all.videos.map((v) => v.video), ["samm_006_1"]);
  assertEquals(all.videos[0].frameCount, 30);
  assertEquals(all.videos[0].fps, 200);
  assertEquals(all.videos[0].events[0], { type: "MaE", onset: 7, apex: 9, offset: 14, au: "12" });
});

Deno.test("openSammLv() finds a header that moved and says so", async () => {
  const root = await sammTree(ROWS.slice(0, 1), HEADER, TITLE.slice(0, 7));
  const ds = await openSammLv(root);
  assertEquals(ds.videos[0].events.length, 1);
  assertEquals(
    ds.warnings[0],
    `${root}/SAMM_LongVideos_V1_Release.xlsx [${SAMM_SHEET}]: header found on row 8 instead of row 10`,
  );
});

Deno.test("openSammLv() rejects bad input with messages that name the file", async () => {
  const root = await sammTree(ROWS);
  const xlsx = `${root}/SAMM_LongVideos_V1_Release.xlsx`;
  // missing sheet
  await writeWorkbook(xlsx, { Sheet1: [["x"]] });
  await rejectsWith(() => openSammLv(root), `${xlsx}: no sheet "FACS_Movement_Only" (sheets: Sheet1)`);
  // wrong header
  await writeWorkbook(xlsx, { [SAMM_SHEET]: [...TITLE, ["Subject", "Name", "Start", "End"], [6, "006_1_1", 1, 2]] });
  await rejectsWith(
    () => openSammLv(root),
    `${xlsx} [${SAMM_SHEET}]: no header row with subject, filename, onset, apex, offset, type (expected on row 10); is this the SAMM-LV annotation?`,
  );
  // header missing a column
  await writeWorkbook(xlsx, { [SAMM_SHEET]: [...TITLE, ["Subject", "Filename", "Onset", "Offset"]] });
  await rejectsWith(() => openSammLv(root), `${xlsx} [${SAMM_SHEET}] row 10: header lacks column(s) apex, type`);
  // no annotation file
  await Deno.remove(xlsx);
  await rejectsWith(
    () => openSammLv(root),
    `samm-lv: no annotation file (SAMM .xlsx) in ${root} or ${root}/SAMM_longvideos or ${
      root.replace(/\/[^/]+$/, "")
    }; pass it with --annotations FILE`,
  );
  await rejectsWith(
    () => openSammLv(root, { annotations: `${root}/none.xlsx` }),
    `samm-lv: annotation file ${root}/none.xlsx does not exist`,
  );
  // no video folders
  await rejectsWith(
    () => openSammLv(`${root}/SAMM_longvideos/006_1`),
    `samm-lv: no video folders named <SSS>_<V> (e.g. 006_1) in ${root}/SAMM_longvideos/006_1; check --root`,
  );
  // missing root
  await rejectsWith(() => openSammLv(`${root}/nope`), `samm-lv: folder ${root}/nope does not exist; check --root`);
});

Deno.test("openSammLv() rejects an empty video folder and a corrupt workbook", async () => {
  const root = await sammTree(ROWS.slice(0, 1));
  await Deno.mkdir(`${root}/SAMM_longvideos/009_1`);
  await rejectsWith(
    () => openSammLv(root),
    `frame folder ${root}/SAMM_longvideos/009_1 holds no frames; remove it or add its images`,
  );
  await Deno.remove(`${root}/SAMM_longvideos/009_1`);
  await Deno.writeFile(`${root}/SAMM_LongVideos_V1_Release.xlsx`, new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]));
  await rejectsWith(
    () => openSammLv(root),
    `${root}/SAMM_LongVideos_V1_Release.xlsx: not a readable spreadsheet`,
    true,
  );
});

Deno.test("resolveSammLv() rejects unknown keys and bad steps", () => {
  throwsWith(
    () => resolveSammLv({ stride: 7 } as never),
    'samm-lv: unknown option "stride"; known: annotations, step, fps, keepUnannotated',
  );
  throwsWith(() => resolveSammLv({ step: 0 }), "samm-lv: step must be a positive integer, got 0");
  const partial = { step: 8 };
  resolveSammLv(partial);
  assertEquals(partial, { step: 8 });
  assertEquals(resolveSammLv({}).step, 7);
});

Deno.test("openSammLv() keeps a row whose apex is text or far outside the video (apex repaired, row kept)", async () => {
  const root = await sammTree([
    [6, "006_1_1", 1, 8, "n/a", 15, 8, "Macro", "12", null],
    [6, "006_1_2", 1, 20, -1069, 24, 5, "Micro - 1/2", "4", null],
  ]);
  const ds = await openSammLv(root, { step: 1 });
  assertEquals(ds.videos[0].events.map((e) => [e.type, e.onset, e.apex, e.offset]), [["MaE", 7, 11, 14], [
    "ME",
    19,
    21,
    23,
  ]]);
  const at = `${root}/SAMM_LongVideos_V1_Release.xlsx [${SAMM_SHEET}] row`;
  assertEquals(ds.warnings.filter((w) => w.includes("apex")), [
    `${at} 11: apex "n/a" is not a number; set to the middle frame 12`,
    `${at} 12: apex -1069 is outside onset-offset 20-24; set to the middle 22`,
  ]);
});
