import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openFrameFolders } from "../../../lib/data/adapters/frames.ts";
import { OFFICIAL_HEADER } from "../../../lib/data/official_csv.ts";
import { names, rejectsWith, tmpDir, writeFrames } from "./_fixtures.ts";

Deno.test("openFrameFolders() makes every image folder a video and reads an optional CSV", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/alice/take1`, names(0, 9, (i) => `frame_${i}.png`, [4]));
  await writeFrames(`${root}/bob`, ["b.png", "a.png", "c10.png"].map((n) => n));
  await Deno.writeTextFile(
    `${root}/annotations.csv`,
    `${OFFICIAL_HEADER}\nalice,take1,2,3,5,2,AU12\nbob_s,bob,0,1,9,1,\nx,ghost,1,2,3,1,\n`,
  );
  const ds = await openFrameFolders(root, { fps: 25 });
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount, v.fps]), [
    ["alice", "take1", 10, 25],
    ["bob_s", "bob", 3, 25],
  ]);
  assertEquals(ds.videos[0].events, [{ type: "ME", onset: 2, apex: 3, offset: 5, au: "AU12" }]);
  assertEquals(ds.videos[1].events, [{ type: "MaE", onset: 0, apex: 1, offset: 2 }]);
  assertEquals(ds.frames(ds.videos[1]).paths!.map((p) => p.split("/").pop()), ["a.png", "b.png", "c10.png"]);
  assertEquals(ds.frames(ds.videos[0]).describe(4).endsWith("frame_3.png"), true);
  assertEquals(ds.warnings, [
    `${root}/alice/take1: missing frame number(s) 4 filled by repeating the previous frame`,
    `${root}/annotations.csv:3: offset 9 is after the last frame 2; clamped to 2`,
    `${root}/annotations.csv:4: no frame folder for video "ghost"; 1 row(s) skipped`,
  ]);
});

Deno.test("openFrameFolders() opens a single folder of images as one video, subsampled", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/clip`, names(1, 7, (i) => `${i}.jpg`));
  const ds = await openFrameFolders(`${root}/clip`, { step: 3 });
  assertEquals(ds.videos.map((v) => [v.subject, v.video, v.frameCount, v.fps]), [["clip", "clip", 3, 10]]);
  assertEquals(ds.videos[0].originalFrame!(2), 7);
});

Deno.test("openFrameFolders() rejects a missing root and a folder without images", async () => {
  const root = await tmpDir();
  await rejectsWith(() => openFrameFolders(`${root}/x`), `frames: folder ${root}/x does not exist; check --root`);
  await Deno.writeTextFile(`${root}/notes.txt`, "hi");
  await rejectsWith(() => openFrameFolders(root), `frames: no folder with .jpg/.png images under ${root}`);
});
