import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openCasme2, resolveCasme2 } from "../../../lib/data/adapters/casme2.ts";
import { names, rejectsWith, throwsWith, tmpDir, writeFrames, writeWorkbook } from "./_fixtures.ts";

const RULE1 = [[15, "s15", 1], [16, "s16", 2]];
const RULE2 = [["0101", "disgust1"], ["0102", "disgust2"], [401, "anger1"]];
const MAIN = [
  [1, "disgust1_1", 3, 5, 8, "AU4", "negative", "macro-expression", "x"],
  [1, "disgust1_2", 9, 10, 0, "AU1", "negative", "micro-expression", "x"],
  [1, "anger1_1", 2, 0, 6, "AU4", "negative", "macro-expression", "x"],
  [2, "disgust2_1", 4, 0, 0, "AU4", "negative", "macro-expression", "x"],
  [9, "disgust1_3", 1, 2, 3, "AU4", "negative", "macro-expression", "x"],
  [1, "happy1_1", 1, 2, 3, "AU12", "positive", "macro-expression", "x"],
  [2, "disgust2_2", 7, 8, 5, "AU4", "negative", "macro-expression", "x"],
  [2, "disgust2_3", 1, 2, 3, "AU4", "negative", "unknown", "x"],
  [2, "disgust2_4", 1, 2, 3, "AU4", "negative", "macro-expression", "x"],
];
const CODE = "CAS(ME)^2code_final.xlsx";

/** rawpic/s15/15_0101disgustingteeth (12 frames), s15/15_0401… (8 frames), s16/16_0102eatingworms (6 frames). */
async function casTree(main = MAIN) {
  const root = await tmpDir();
  const img = (i: number) => `img${String(i).padStart(3, "0")}.jpg`;
  await writeFrames(`${root}/rawpic/s15/15_0101disgustingteeth`, names(1, 12, img));
  await writeFrames(`${root}/rawpic/s15/15_0401girlcrashing`, names(1, 8, img));
  await writeFrames(`${root}/rawpic/s16/16_0102eatingworms`, names(1, 6, img));
  await writeWorkbook(`${root}/${CODE}`, { CASFEcode_final: main, "naming rule1": RULE1, "naming rule2": RULE2 });
  return root;
}

Deno.test("openCasme2() joins the naming-rule sheets and repairs zero offset/apex with warnings", async () => {
  const root = await casTree();
  const ds = await openCasme2(root);
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount, v.fps]), [
    ["casme_15", "casme_15_0101", 12, 30],
    ["casme_15", "casme_15_0401", 8, 30],
    ["casme_16", "casme_16_0102", 6, 30],
  ]);
  assertEquals(ds.videos[0].events, [
    { type: "MaE", onset: 2, apex: 4, offset: 7, au: "AU4" },
    { type: "ME", onset: 8, apex: 9, offset: 9, au: "AU1" },
  ]);
  assertEquals(ds.videos[1].events, [{ type: "MaE", onset: 1, apex: 3, offset: 5, au: "AU4" }]);
  assertEquals(ds.videos[2].events, [{ type: "MaE", onset: 0, apex: 1, offset: 2, au: "AU4" }]);
  assertEquals(ds.videos[0].originalFrame!(0), 1);
  assertEquals(ds.frames(ds.videos[0]).describe(11).endsWith("15_0101disgustingteeth/img012.jpg"), true);
  const f = `${root}/${CODE} [CASFEcode_final]`;
  assertEquals(ds.warnings, [
    `${f} row 2: offset 0 (not annotated) set to apex = 10`,
    `${f} row 3: apex 0 (not annotated) set to the middle frame 4`,
    `${f} row 4: apex and offset are both 0 (not annotated); row skipped`,
    `${f} row 5: unknown subject index 9 (not in naming rule1); row skipped`,
    `${f} row 6: expression "happy1_1" has no video code in naming rule2; row skipped`,
    `${f} row 7: onset 7 is after offset 5; row skipped`,
    `${f} row 8: type "unknown" is neither macro- nor micro-expression; row skipped`,
  ]);
});

Deno.test("openCasme2() offsetRepair apex+20 (LGSNet) clamps to the video end", async () => {
  const root = await casTree(MAIN.slice(1, 2));
  const ds = await openCasme2(root, { offsetRepair: "apex+20", keepUnannotated: false });
  assertEquals(ds.videos.map((v) => v.video), ["casme_15_0101"]);
  assertEquals(ds.videos[0].events, [{ type: "ME", onset: 8, apex: 9, offset: 11, au: "AU1" }]);
  const f = `${root}/${CODE} [CASFEcode_final]`;
  assertEquals(ds.warnings, [
    `${f} row 1: offset 0 (not annotated) set to apex+20 = 30`,
    `${f} row 1: offset 30 is after the last frame 12; clamped to 12`,
  ]);
});

Deno.test("openCasme2() reports rows whose video folder is missing", async () => {
  const root = await casTree([[2, "disgust1_1", 1, 2, 3, "AU4", "negative", "macro-expression", "x"]]);
  const ds = await openCasme2(root);
  assertEquals(ds.warnings, [
    `${root}/${CODE} [CASFEcode_final] row 1: no frame folder ${root}/rawpic/s16/16_0101*; row skipped`,
  ]);
});

Deno.test("openCasme2() rejects bad input with messages that name the file", async () => {
  const root = await casTree();
  await writeWorkbook(`${root}/${CODE}`, { CASFEcode_final: MAIN, "naming rule1": RULE1 });
  await rejectsWith(
    () => openCasme2(root),
    `${root}/${CODE}: no sheet "naming rule2" (sheets: CASFEcode_final, naming rule1)`,
  );
  await writeWorkbook(`${root}/${CODE}`, { CASFEcode_final: MAIN, "naming rule1": [["a"]], "naming rule2": RULE2 });
  await rejectsWith(() => openCasme2(root), `${root}/${CODE} [naming rule1]: no "folder | sNN | subject index" rows`);
  await rejectsWith(
    () => openCasme2(root, { framesDir: "cropped" }),
    `casme2: no cropped/ folder in ${root}; check --root`,
  );
  throwsWith(
    () => resolveCasme2({ offsetRepair: "apex+10" as never }),
    'casme2: offsetRepair must be one of apex, apex+20, 2apex-onset; got "apex+10"',
  );
});

Deno.test("openCasme2() keeps a row whose apex cell is text (treated as not annotated)", async () => {
  const root = await casTree([[1, "disgust1_1", 3, "?", 8, "AU4", "negative", "macro-expression", "x"]]);
  const ds = await openCasme2(root);
  assertEquals(ds.videos[0].events, [{ type: "MaE", onset: 2, apex: 5, offset: 7, au: "AU4" }]);
  const f = `${root}/${CODE} [CASFEcode_final]`;
  assertEquals(ds.warnings, [
    `${f} row 1: apex "?" is not a frame number; treated as 0 (not annotated)`,
    `${f} row 1: apex 0 (not annotated) set to the middle frame 6`,
  ]);
});
