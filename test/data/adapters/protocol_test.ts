import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { DATASET_NAMES, OFFSET_REPAIRS, repairedOffset, repairZeroFrames } from "../../../lib/data/adapters/mod.ts";
import { PROTOCOL_DEFAULTS, protocolDefaults } from "../../../lib/data/adapters/protocol.ts";
import { openAbpnCsv } from "../../../lib/data/adapters/abpn_csv.ts";
import { OFFICIAL_HEADER } from "../../../lib/data/official_csv.ts";
import { names, throwsWith, tmpDir, writeFrames } from "./_fixtures.ts";

Deno.test("protocolDefaults() gives the official per-dataset settings (SAMM-LV macro ratio 0.55)", () => {
  assertEquals(Object.keys(PROTOCOL_DEFAULTS).sort(), ["casme2", "casme3", "samm-lv"]);
  const pick = (n: "samm-lv" | "casme2" | "casme3") => {
    const { macroRatio, epochs, epochBegin } = protocolDefaults(n);
    return [macroRatio, epochs, epochBegin];
  };
  assertEquals([pick("samm-lv"), pick("casme2"), pick("casme3")], [[0.55, 100, 2], [0.5, 100, 7], [0.5, 90, 7]]);
  assertEquals(protocolDefaults("synth"), {});
  const copy = protocolDefaults("samm-lv");
  copy.macroRatio = 1;
  assertEquals(protocolDefaults("samm-lv").macroRatio, 0.55);
  throwsWith(
    () => protocolDefaults("nope" as never),
    `unknown dataset "nope"; known: ${DATASET_NAMES.join(", ")}`,
  );
});

Deno.test("offset-0 repair: apex (baseline), apex+20 (LGSNet), 2·apex − onset (ABPN)", () => {
  assertEquals(OFFSET_REPAIRS, ["apex", "apex+20", "2apex-onset"]);
  assertEquals(OFFSET_REPAIRS.map((r) => repairedOffset(10, 14, r)), [14, 34, 18]);
  assertEquals(repairedOffset(10, 10, "2apex-onset"), 10);
  const w: string[] = [];
  assertEquals(repairZeroFrames({ onset: 10, apex: 14, offset: 0 }, "2apex-onset", "a.csv:2", w), {
    onset: 10,
    apex: 14,
    offset: 18,
  });
  assertEquals(w, ["a.csv:2: offset 0 (not annotated) set to 2apex-onset = 18"]);
});

Deno.test("openAbpnCsv() offsetRepair 2apex-onset puts the apex in the middle", async () => {
  const root = await tmpDir();
  const csv = `${root}/cas.csv`;
  await Deno.writeTextFile(csv, `${OFFICIAL_HEADER}\ncasme_15,casme_15_0101,3,5,0,1,AU4\n`);
  await writeFrames(`${root}/casme_15/casme_15_0101`, names(1, 10, (i) => `img${String(i).padStart(3, "0")}.jpg`));
  const ds = await openAbpnCsv(csv, { frameBase: 1, offsetRepair: "2apex-onset" });
  assertEquals(ds.videos[0].events, [{ type: "MaE", onset: 2, apex: 4, offset: 6, au: "AU4" }]);
  assertEquals(ds.warnings, [`${csv}:2: offset 0 (not annotated) set to 2apex-onset = 7`]);
});
