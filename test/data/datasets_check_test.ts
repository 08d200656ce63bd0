import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { OFFICIAL_HEADER } from "../../lib/data/official_csv.ts";
import { names, tmpDir, writeFrames } from "./adapters/_fixtures.ts";

const TASK = new URL("../../tasks/datasets_check.ts", import.meta.url).pathname;

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TASK, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("datasets:check --json prints every video with 0-based events; errors are one line", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/s1/v1`, names(0, 5, (i) => `${i}.png`));
  await Deno.writeTextFile(`${root}/annotations.csv`, `${OFFICIAL_HEADER}\ns1,v1,1,2,9,2,AU12\n`);
  const ok = await run("--dataset", "frames", "--root", root, "--json", "--fps", "25");
  assertEquals(ok.code, 0);
  const report = JSON.parse(ok.stdout);
  assertEquals(report.summary, {
    videos: 1,
    subjects: 1,
    frames: 6,
    events: { ME: 1, MaE: 0 },
    irrelevant: 0,
    unannotated: 0,
  });
  assertEquals(report.videos, [{
    subject: "s1",
    video: "v1",
    fps: 25,
    frameCount: 6,
    events: [{ type: "ME", onset: 1, apex: 2, offset: 5 }],
    irrelevant: 0,
  }]);
  assertEquals(report.anomalies, [`${root}/annotations.csv:2: offset 9 is after the last frame 5; clamped to 5`]);
  const text = await run("--dataset", "frames", "--root", root);
  assertEquals(text.stdout.includes("  events      ME 1, MaE 0, total 1\n"), true);
  const missing = await run("--dataset", "frames", "--root", `${root}/nope`);
  assertEquals([missing.code, missing.stderr.trim()], [
    1,
    `error: frames: folder ${root}/nope does not exist; check --root`,
  ]);
  const usage = await run("--root", root);
  assertEquals(usage.code, 2);
  assertEquals(usage.stderr.startsWith("error: --dataset is required"), true);
});
