import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { openFrameFolders } from "../../lib/data/adapters/frames.ts";
import { openSammLv, SAMM_SHEET } from "../../lib/data/adapters/samm_lv.ts";
import { checkDataset, formatReport, reportJson, resolveCheck } from "../../lib/data/check.ts";
import { OFFICIAL_HEADER } from "../../lib/data/official_csv.ts";
import { encodeGrayPng } from "../../lib/io/image.ts";
import { names, throwsWith, tmpDir, writeFrames, writeWorkbook } from "./adapters/_fixtures.ts";

Deno.test("checkDataset() counts videos, frames, events and reports corrupt and odd-sized frames", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/s1/v1`, names(0, 4, (i) => `${i}.png`));
  await writeFrames(`${root}/s1/v2`, names(0, 2, (i) => `${i}.png`));
  await writeFrames(`${root}/s2/v3`, names(0, 3, (i) => `${i}.png`));
  await Deno.writeFile(`${root}/s1/v2/2.png`, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
  await Deno.writeTextFile(`${root}/s2/v3/3.png`, "text");
  await Deno.writeFile(`${root}/s1/v1/4.png`, encodeGrayPng({ width: 8, height: 8, data: new Uint8Array(64) }));
  await Deno.writeTextFile(
    `${root}/annotations.csv`,
    `${OFFICIAL_HEADER}\ns1,v1,1,2,3,2,\ns1,v1,0,2,4,1,\ns2,v3,1,2,3,1,\n`,
  );
  const ds = await openFrameFolders(root);
  const before = structuredClone(ds.videos.map((v) => v.events));
  const report = await checkDataset(ds);
  assertEquals(ds.videos.map((v) => v.events), before);
  assertEquals([report.videos, report.frames, report.subjects, report.events, report.unannotated], [
    3,
    12,
    ["s1", "s2"],
    { ME: 1, MaE: 2 },
    1,
  ]);
  assertEquals(report.anomalies.length, 3);
  assertEquals(
    report.anomalies[0],
    `frame ${root}/s1/v1/4.png is 8×8 but the video's frames are 4×4; resize or remove the odd frame`,
  );
  assertEquals(report.anomalies[1], `s1/v2: ${root}/s1/v2/2.png: truncated PNG (no IEND chunk at the end)`);
  assertEquals(report.anomalies[2], `s2/v3: ${root}/s2/v3/3.png: not a PNG or JPEG image (unknown signature)`);
  const json = reportJson(report) as { videos: unknown[]; summary: unknown };
  assertEquals(json.summary, {
    videos: 3,
    subjects: 2,
    frames: 12,
    events: { ME: 1, MaE: 2 },
    irrelevant: 0,
    unannotated: 1,
  });
  assertEquals(json.videos[0], {
    subject: "s1",
    video: "v1",
    fps: 30,
    frameCount: 5,
    events: [{ type: "ME", onset: 1, apex: 2, offset: 3 }, { type: "MaE", onset: 0, apex: 2, offset: 4 }],
    irrelevant: 0,
  });
  const text = formatReport(report);
  assertEquals(text.split("\n").slice(0, 6), [
    `dataset frames at ${root}`,
    "  videos      3 (1 without events)",
    "  subjects    2: s1, s2",
    "  frames      12",
    "  events      ME 1, MaE 2, total 3",
    "  fps         30",
  ]);
  const none = await checkDataset(ds, { decode: "none" });
  assertEquals(none.anomalies, []);
});

Deno.test("checkDataset() lists events also in original frame numbers when subsampled", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/006_1`, names(1, 15, (i) => `006_1_${String(i).padStart(4, "0")}.png`));
  const head = ["Subject", "Filename", "Onset", "Apex", "Offset", "Type"];
  await writeWorkbook(`${root}/samm.xlsx`, {
    [SAMM_SHEET]: [[], [], [], [], [], [], [], [], [], head, [6, "006_1_1", 8, 9, 15, "Macro"]],
  });
  const report = await checkDataset(await openSammLv(root), { decode: "all" });
  assertEquals(report.list[0].events, [{ type: "MaE", onset: 1, apex: 1, offset: 2 }]);
  assertEquals(report.list[0].originalEvents, [{ type: "MaE", onset: 8, apex: 8, offset: 15 }]);
  assertEquals(report.anomalies, []);
  throwsWith(
    () => resolveCheck({ decode: "some" as never }),
    'checkDataset: decode must be none, ends or all; got "some"',
  );
});

Deno.test("checkDataset() finds a deleted, an empty and a cut-short frame between the ends", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/s1/v1`, names(0, 9, (i) => `${i}.png`));
  await writeFrames(`${root}/s1/v2`, names(0, 9, (i) => `${i}.jpg`));
  const ds = await openFrameFolders(root);
  await Deno.remove(`${root}/s1/v1/3.png`);
  await Deno.writeFile(`${root}/s1/v1/5.png`, new Uint8Array());
  const jpg = await Deno.readFile(`${root}/s1/v2/4.jpg`);
  await Deno.writeFile(`${root}/s1/v2/4.jpg`, jpg.subarray(0, jpg.length - 10));
  assertEquals((await checkDataset(ds)).anomalies, [
    `s1/v1: ${root}/s1/v1/3.png: frame file is missing`,
    `s1/v1: ${root}/s1/v1/5.png: frame file is empty (0 bytes)`,
    `s1/v2: ${root}/s1/v2/4.jpg: truncated JPEG (no end-of-image marker)`,
  ]);
  assertEquals((await checkDataset(ds, { decode: "none" })).anomalies, []);
});
