import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseDecimalCell, parseIntegerCell, parseRealCell } from "../../lib/io/numeric.ts";
import { parseOfficialCsv } from "../../lib/data/official_csv.ts";
import { parseProposalsCsv } from "../../lib/eval/proposals_csv.ts";
import { cellNumber } from "../../lib/data/adapters/_common.ts";
import { numberFlag, parseArgs } from "../../lib/cli/args.ts";

const cells = ["12", " -3 ", "566.4", ".5", "1e2", "0x7B", "0b11", "Infinity", "", " ", "1_000", "12a"];

Deno.test("numeric cells: plain decimal notation only (0x7B and 1e2 are not frame numbers)", () => {
  const show = (f: (s: string) => number) => cells.map((c) => (Number.isNaN(f(c)) ? "NaN" : f(c)));
  assertEquals(show(parseIntegerCell), [12, -3, "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN"]);
  assertEquals(show(parseDecimalCell), [12, -3, 566.4, 0.5, "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN"]);
  assertEquals(show(parseRealCell), [12, -3, 566.4, 0.5, 100, "NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN"]);
  assertEquals([cellNumber(7), cellNumber("0x7B"), cellNumber("7.5")].map(String), ["7", "NaN", "7.5"]);
});

Deno.test("official and proposal CSVs refuse 0x7B and 1e2 frames, naming the line", () => {
  const h = "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au";
  let msg = "";
  try {
    parseOfficialCsv(`${h}\ns,v,0x7B,130,140,2,\n`, "a.csv");
  } catch (e) {
    msg = (e as Error).message;
  }
  assertEquals(msg, 'a.csv:2: start_frame must be an integer frame (decimal digits), got "0x7B"');
  try {
    parseProposalsCsv("video,type,onset,offset\nv,me,1e2,120\n", "p.csv");
  } catch (e) {
    msg = (e as Error).message;
  }
  assertEquals(msg, 'p.csv:2: onset must be a non-negative integer frame, got "1e2"');
  assertEquals(parseProposalsCsv("video,type,onset,offset,score\nv,me,1,12,1e-3\n", "p.csv")[0].score, 0.001);
});

Deno.test("numberFlag() takes 2e-4 but not 0x11", () => {
  const spec = { lr: { type: "string" as const }, window: { type: "string" as const } };
  assertEquals(numberFlag(parseArgs(["--lr", "2e-4"], spec), "lr"), 2e-4);
  let msg = "";
  try {
    numberFlag(parseArgs(["--window", "0x11"], spec), "window");
  } catch (e) {
    msg = (e as Error).message;
  }
  assertEquals(msg, '--window must be a number, got "0x11"');
});

Deno.test("parseOfficialCsv() repairs a defective apex with a warning and keeps the rest of the file", () => {
  const h = "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au";
  const w: string[] = [];
  const rows = parseOfficialCsv(`${h}\ns,v,566,-1069,620,1,\ns,v,10,,0,1,\ns,v,30,31,40,2,\n`, "gt.csv", w);
  assertEquals(rows.map((r) => [r.onset, r.apex, r.offset]), [[566, 593, 620], [10, 0, 0], [30, 31, 40]]);
  assertEquals(w, [
    'gt.csv:2: apex_frame "-1069" is not a frame number (not used for interval matching); set to the middle frame 593',
    'gt.csv:3: apex_frame "" is not a frame number (not used for interval matching); set to 0 (not annotated, as the offset)',
  ]);
});
