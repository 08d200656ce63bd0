import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openCasme3 } from "../../../lib/data/adapters/casme3.ts";
import { names, rejectsWith, tmpDir, writeFrames, writeWorkbook } from "./_fixtures.ts";

const HEAD = ["Subject", "Filename", "Onset", "Apex", "Offset", "AU", "Expression type", "Objective class"];
const EVENTS = [
  HEAD,
  ["spNO.1", "a", "4", "6", "9", "AU1", "Macro-expression", "1"],
  ["1", "J", "2", "3", "4", "AU12", "Micro-expression", "3"],
  ["spNO.2", "b", "0", "2", "4", "", "Macro-expression", ""],
  ["spNO.3", "a", "1", "2", "3", "", "Macro-expression", ""],
  ["spNO.1", "a", "8", "", "9", "", "Micro-expression", ""],
  ["spNO.1", "a", "12", "13", "15", "", "Macro-expression", ""],
  ["spNO.1", "zz", "1", "2", "3", "", "Macro-expression", ""],
];
const BLINKS = [["Subject", "Filename", "Onset", "Offset"], ["spNO.1", "a", "2", "3"], ["spNO.1", "a", "x", "3"]];
const XLS = "CAS(ME)3_part_A_v2.xls";

/** part_A/data/part_A/spNO.1/{a (3..10 without 6), j (1..5)}, spNO.2/b (0..4); annotation/partA/*.xls. */
async function cas3Tree(
  sheets: Record<string, (string | number | null)[][]> = { "AU+Emotion": EVENTS, "eye blink": BLINKS },
) {
  const root = await tmpDir();
  const sub = `${root}/part_A/data/part_A`;
  await writeFrames(`${sub}/spNO.1/a/color`, names(3, 10, (i) => `${i}.jpg`, [6]));
  await writeFrames(`${sub}/spNO.1/j/color`, names(1, 5, (i) => `${i}.jpg`));
  await writeFrames(`${sub}/spNO.2/b/color`, names(0, 4, (i) => `${i}.jpg`));
  await Deno.mkdir(`${root}/annotation/partA`, { recursive: true });
  await writeWorkbook(`${root}/annotation/partA/${XLS}`, sheets, "xls");
  return { root, sub, xls: `${root}/annotation/partA/${XLS}` };
}

Deno.test("openCasme3() reads text cells, fills leading and inner gaps, lower-cases letters, keeps blinks", async () => {
  const { root, sub, xls } = await cas3Tree();
  const ds = await openCasme3(root);
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount]), [
    ["casme3_1", "casme3_1_a", 10],
    ["casme3_1", "casme3_1_j", 5],
    ["casme3_2", "casme3_2_b", 5],
  ]);
  const [a, j, b] = ds.videos;
  assertEquals(a.events, [
    { type: "MaE", onset: 3, apex: 5, offset: 8, au: "AU1" },
    { type: "ME", onset: 7, apex: 8, offset: 8 },
  ]);
  assertEquals(a.irrelevant, [{ kind: "blink", onset: 1, offset: 2 }]);
  assertEquals(j.events, [{ type: "ME", onset: 1, apex: 2, offset: 3, au: "AU12" }]);
  assertEquals(b.events, [{ type: "MaE", onset: 0, apex: 2, offset: 4 }]);
  assertEquals(a.originalFrame!(0), 1);
  assertEquals(b.originalFrame!(0), 0);
  const file = (i: number) => ds.frames(a).describe(i).split("/").pop();
  assertEquals([0, 1, 2, 3, 4, 5, 6, 9].map(file), [
    "3.jpg",
    "3.jpg",
    "3.jpg",
    "4.jpg",
    "5.jpg",
    "5.jpg",
    "7.jpg",
    "10.jpg",
  ]);
  const e = `${xls} [AU+Emotion]`;
  assertEquals(ds.warnings, [
    `${e} row 3: Filename "J" lower-cased to "j"`,
    `${e} row 6: Apex "" is not a whole number; set to the middle frame 9`,
    `${e} row 8: Filename "zz" is not a video letter a-m; row skipped`,
    `${xls} [eye blink] row 3: blink onset/offset x/3 invalid; row skipped`,
    `${sub}/spNO.1/a/color: missing frame number(s) 1-2, 6 filled by repeating the previous frame (leading gap: first frame on disk is 3.jpg)`,
    `${e} row 7: onset 12 is outside the video's frames 1-10; row skipped`,
    `${e} row 5: no frame folder spNO.3/a/color under ${sub}; row skipped`,
  ]);
});

Deno.test("openCasme3() rejects bad input with messages that name the file", async () => {
  const { root, sub, xls } = await cas3Tree({ "AU+Emotion": [["Subject", "Name", "Start"]], "eye blink": BLINKS });
  await rejectsWith(
    () => openCasme3(root),
    `${xls} [AU+Emotion]: no header row with columns subject, filename, onset, apex, offset, expression type in the first 5 rows`,
  );
  await writeWorkbook(xls, { Sheet1: EVENTS }, "xls");
  await rejectsWith(() => openCasme3(root), `${xls}: no sheet "AU+Emotion" (sheets: Sheet1)`);
  await writeWorkbook(xls, { "AU+Emotion": EVENTS.slice(0, 2) }, "xls");
  const ds = await openCasme3(root);
  assertEquals(ds.warnings.includes(`${xls}: no "eye blink" sheet; no blinks read`), true);
  await Deno.remove(`${sub}/spNO.2/b/color`, { recursive: true });
  await rejectsWith(
    () => openCasme3(root),
    `frame folder ${sub}/spNO.2/b/color does not exist; check that the dataset is fully extracted`,
  );
  await rejectsWith(
    () => openCasme3(`${root}/annotation`),
    `casme3: no spNO.<n> subject folders in ${root}/annotation (or its data/part_A, part_A/data/part_A); check --root`,
  );
});
