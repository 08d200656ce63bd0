import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { loadExperiment } from "../../lib/experiment/config/load.ts";

Deno.test("loadExperiment() names an experiment file that throws on import", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/broken.ts`, 'throw new Error("bad config");\nexport default {};\n');
    let msg = "";
    try {
      await loadExperiment(`${dir}/broken.ts`);
    } catch (e) {
      msg = (e as Error).message;
    }
    assertEquals(msg.startsWith(`${dir}/broken.ts: the experiment file failed to load: `), true, msg);
    assertEquals(msg.includes("bad config"), true, msg);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
