import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseOfficialCsv } from "../../lib/data/official_csv.ts";
import { parseProposalsCsv } from "../../lib/eval/proposals_csv.ts";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

Deno.test("official and proposal CSVs written with ; or tabs say how to save them", () => {
  const semi = "subject;video_name;start_frame;apex_frame;end_frame;type_idx;au\ns1;v1;10;12;19;2;\n";
  assertEquals(
    message(() => parseOfficialCsv(semi, "a.csv")).endsWith("; the file is ;-separated: save it comma-separated (CSV)"),
    true,
  );
  assertEquals(
    message(() => parseProposalsCsv("video\ttype\tonset\toffset\nv\tme\t1\t5\n", "p.csv"))
      .endsWith("; the file is tab-separated: save it comma-separated (CSV)"),
    true,
  );
});

Deno.test("parseOfficialCsv() names an empty video and repairs an apex outside its interval", () => {
  const h = "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au";
  assertEquals(
    message(() => parseOfficialCsv(`${h}\ns1,,10,12,19,2,\n`, "a.csv")),
    "a.csv:2: empty video_name; every row names its video",
  );
  const w: string[] = [];
  const rows = parseOfficialCsv(`${h}\ns1,v1,10,500,19,2,\ns1,v1,10,0,19,2,\n`, "a.csv", w);
  assertEquals(rows.map((r) => r.apex), [15, 0]); // apex 0 ("not annotated") is left to the adapters' documented repair
  assertEquals(w, [
    'a.csv:2: apex_frame "500" is outside 10-19 (not used for interval matching); set to the middle frame 15',
  ]);
});
