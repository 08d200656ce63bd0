import { deepStrictEqual as assertEquals } from "node:assert/strict";
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

Deno.test("datasets:check --out creates missing folders and names a path that cannot be a file", async () => {
  const root = await tmpDir();
  await writeFrames(`${root}/s1/v1`, names(0, 3, (i) => `${i}.png`));
  const base = ["--dataset", "frames", "--root", root, "--decode", "none"];
  const ok = await run(...base, "--out", `${root}/new/sub/report.json`);
  assertEquals(ok.code, 0, ok.stderr);
  assertEquals(JSON.parse(await Deno.readTextFile(`${root}/new/sub/report.json`)).summary.videos, 1);
  const dir = await run(...base, "--out", `${root}/new`);
  assertEquals([dir.code, dir.stderr.trim()], [1, `error: --out ${root}/new is a folder; give a file path`]);
  const under = await run(...base, "--out", `${root}/s1/v1/0.png/report.json`);
  assertEquals([under.code, under.stderr.trim()], [
    1,
    `error: --out: cannot create folder ${root}/s1/v1/0.png: a file is in the way on that path`,
  ]);
});
