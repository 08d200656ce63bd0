import { assertEquals, assertThrows } from "./_assert.ts";
import { formatProposalsCsv, parseProposalsCsv, parseTypeName } from "../../lib/eval/mod.ts";

Deno.test("parseProposalsCsv() reads the kit format with an optional score", () => {
  const rows = parseProposalsCsv("video,type,onset,offset,score\nv1,me,10,20,0.5\nv1,MaE,30,90,\n\nv2,macro,1,2,0.1\n");
  assertEquals(rows, [
    { video: "v1", type: "ME", onset: 10, offset: 20, score: 0.5, line: 2 },
    { video: "v1", type: "MaE", onset: 30, offset: 90, line: 3 },
    { video: "v2", type: "MaE", onset: 1, offset: 2, score: 0.1, line: 5 },
  ]);
});

Deno.test("parseProposalsCsv() reads MEGC 2022/23 submissions (vid,pred_onset,pred_offset,type)", () => {
  const rows = parseProposalsCsv("vid,pred_onset,pred_offset,type\r\ndzw_d1,100,120,me\r\n");
  assertEquals(rows, [{ video: "dzw_d1", type: "ME", onset: 100, offset: 120, line: 2 }]);
  assertEquals(parseProposalsCsv("vid,onset,offset,type\na,1,2,mae\n")[0].type, "MaE");
});

Deno.test("parseTypeName() accepts me/mae, ME/MaE, micro/macro and type_idx 1/2", () => {
  assertEquals(["me", "ME", "Micro", "mae", "MaE", "MACRO"].map((s) => parseTypeName(s)), [
    "ME",
    "ME",
    "ME",
    "MaE",
    "MaE",
    "MaE",
  ]);
  assertEquals([parseTypeName("1", true), parseTypeName("2", true), parseTypeName("3", true)], [
    "MaE",
    "ME",
    undefined,
  ]);
  assertEquals(parseTypeName("blink"), undefined);
});

Deno.test("parseProposalsCsv() names the line of every malformed row", () => {
  const H = "video,type,onset,offset\n";
  assertThrows(
    () => parseProposalsCsv("video,onset,offset\nv,1,2\n", "p.csv"),
    Error,
    "p.csv:1: missing column(s) type",
  );
  assertThrows(() => parseProposalsCsv(H + "v,me,1,2\nv,me,3\n", "p.csv"), Error, "p.csv:3: expected 4 columns");
  assertThrows(() => parseProposalsCsv(H + "v,me,9,2\n", "p.csv"), Error, "p.csv:2: onset 9 is after offset 2");
  assertThrows(() => parseProposalsCsv(H + "v,blink,1,2\n", "p.csv"), Error, 'p.csv:2: unknown type "blink"');
  assertThrows(
    () => parseProposalsCsv(H + "v,me,1.5,2\n", "p.csv"),
    Error,
    'p.csv:2: onset must be a non-negative integer frame, got "1.5"',
  );
  assertThrows(() => parseProposalsCsv(H + "v,me,a,2\n", "p.csv"), Error, "p.csv:2: onset must be");
  assertThrows(
    () => parseProposalsCsv(H + "v,me,1,\n", "p.csv"),
    Error,
    'p.csv:2: offset must be a non-negative integer frame, got ""',
  );
  assertThrows(() => parseProposalsCsv(H + ",me,1,2\n", "p.csv"), Error, "p.csv:2: empty video");
  assertThrows(
    () => parseProposalsCsv("video,type,onset,offset,score\nv,me,1,2,high\n", "p.csv"),
    Error,
    'p.csv:2: score must be a number, got "high"',
  );
});

Deno.test("formatProposalsCsv() output parses back", () => {
  const rows = [{ video: "a,b", type: "ME" as const, onset: 1, apex: 3, offset: 5, score: 0.25 }];
  const text = formatProposalsCsv(rows);
  assertEquals(text, 'video,type,onset,apex,offset,score\n"a,b",me,1,3,5,0.25\n');
  assertEquals(parseProposalsCsv(text), [{ ...rows[0], line: 2 }]);
});
