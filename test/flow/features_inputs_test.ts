/** `deno task features` on rough inputs: unknown videos, bad worker counts, long windows, broken frames and caches. */
import assert from "node:assert/strict";
import { tinySynth } from "./_fixtures.ts";

const TASK = new URL("../../tasks/features.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TASK, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: r.code, err: new TextDecoder().decode(r.stderr), out: new TextDecoder().decode(r.stdout) };
}

Deno.test("deno task features refuses unknown videos, bad --workers, a window longer than every video", async () => {
  const root = await Deno.makeTempDir();
  try {
    await tinySynth(root);
    const base = ["--dataset", "synth", "--root", root, "--out", `${root}/f`, "--quiet"];
    const v = await run([...base, "--video", "nosuchvideo"]);
    assert.equal(v.code, 2);
    assert.match(v.err, /^error: --video nosuchvideo: not in synth at .* \(1 videos, e\.g\. synth_01_1\)\n/);
    const w = await run([...base, "--workers", "0"]);
    assert.equal(w.code, 2);
    assert.match(w.err, /^error: --workers must be an integer ≥ 1, got 0\n/);
    const big = await run([...base, "--window", "999"]);
    assert.equal(big.code, 2);
    assert.match(big.err, /^error: --window 999 is longer than every selected video \(longest 30 frames\)/);
    const frame = `${root}/synth_01/synth_01_1/img_00012.png`;
    const bytes = await Deno.readFile(frame);
    await Deno.remove(frame);
    const gone = await run([...base, "--workers", "1"]);
    assert.equal(gone.code, 1);
    assert.equal(
      gone.err.split("\n").slice(0, 2).join("\n"),
      `error: unreadable frame file(s), nothing extracted:\n  synth_01/synth_01_1: ${frame}: frame file is missing`,
    );
    await Deno.writeFile(frame, bytes);
    const ok = await run([...base, "--workers", "1"]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^1 videos → .* \(1 computed, 0 unchanged\)/);
    const npy = `${root}/f/synth_01/synth_01_1.npy`;
    await Deno.writeFile(npy, new Uint8Array());
    const again = await run([...base, "--workers", "1"]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, new RegExp(`warning: ${npy}: cached features are empty \\(0 bytes\\); recomputing`));
    assert.match(again.out, /^1 videos → .* \(1 computed, 0 unchanged\)/);
    assert.equal((await Deno.stat(npy)).size > 1000, true);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
