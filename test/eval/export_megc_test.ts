import { assertEquals, assertThrows } from "./_assert.ts";
import type { VideoRecord } from "../../lib/data/types.ts";
import {
  formatMegc2020Log,
  formatMegcSubmission,
  frameMapFromVideos,
  matchAll,
  parseProposalsCsv,
} from "../../lib/eval/mod.ts";

const video = (name: string, originalFrame?: (i: number) => number): VideoRecord => ({
  subject: "s",
  video: name,
  fps: 30,
  frameCount: 100,
  events: [],
  ...(originalFrame ? { originalFrame } : {}),
});

Deno.test("formatMegcSubmission() writes vid,pred_onset,pred_offset,type with me/mae", () => {
  const text = formatMegcSubmission([
    { video: "dzw_d1", type: "ME", onset: 10, offset: 20 },
    { video: "dzw_d1", type: "MaE", onset: 30, offset: 90, score: 0.3 },
  ]);
  assertEquals(text, "vid,pred_onset,pred_offset,type\ndzw_d1,10,20,me\ndzw_d1,30,90,mae\n");
  assertEquals(parseProposalsCsv(text).map((r) => r.type), ["ME", "MaE"]);
});

Deno.test("formatMegcSubmission() maps frames to original numbering through the hook", () => {
  const map = frameMapFromVideos([video("samm_006_1", (i) => 1 + 7 * i), video("plain")]);
  const text = formatMegcSubmission([
    { video: "samm_006_1", type: "MaE", onset: 10, offset: 20 },
    { video: "plain", type: "ME", onset: 3, offset: 9 },
  ], { originalFrame: map });
  assertEquals(text, "vid,pred_onset,pred_offset,type\nsamm_006_1,71,141,mae\nplain,3,9,me\n");
  assertThrows(
    () => formatMegcSubmission([{ video: "other", type: "ME", onset: 0, offset: 1 }], { originalFrame: map }),
    Error,
    'frame mapping: video "other" is not in the dataset',
  );
});

Deno.test("formatMegc2020Log() writes the dataset id and one row per pair, sorted, '-' for empty sides", () => {
  const { pairs } = matchAll(
    [
      { video: "019_7", type: "MaE", onset: 100, offset: 150 },
      { video: "019_7", type: "ME", onset: 500, offset: 510 },
    ],
    [
      { video: "019_7", type: "MaE", onset: 277, offset: 347 },
      { video: "019_7", type: "MaE", onset: 102, offset: 150 },
    ],
  );
  assertEquals(
    formatMegc2020Log(pairs, { dataset: "samm" }),
    [
      "1",
      "019_7   100       150     102     150     TP",
      "019_7   -         -       277     347     FP",
      "019_7   500       510     -       -       FN",
      "",
    ].join("\n"),
  );
  assertEquals(formatMegc2020Log([], { dataset: 2 }), "2\n");
});

Deno.test("formatMegc2020Log() maps predictions (and optionally labels) and keeps fields apart", () => {
  const { pairs } = matchAll([{ video: "a_very_long_video_name", type: "ME", onset: 1, offset: 5 }], [
    { video: "a_very_long_video_name", type: "ME", onset: 1, offset: 5 },
  ]);
  const log = formatMegc2020Log(pairs, {
    dataset: "casme2",
    originalFrame: (_v, f) => f * 2,
    videoName: (v) => v.slice(2),
  });
  assertEquals(log, "2\nvery_long_video_name   1 5 2      10      TP\n");
  const both = formatMegc2020Log(pairs, { dataset: 2, originalFrame: (_v, f) => f * 2, mapGroundTruth: true });
  assertEquals(both.split("\n")[1].split(/\s+/), ["a_very_long_video_name", "2", "10", "2", "10", "TP"]);
  assertThrows(() => formatMegc2020Log(pairs, { dataset: 3 as never }), RangeError, "dataset must be 1 (SAMM)");
});
