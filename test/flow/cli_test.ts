import assert from "node:assert/strict";

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

Deno.test("deno task features rejects an even window and a missing --out with usage errors (exit 2)", async () => {
  const a = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x", "--window", "16"]);
  assert.equal(a.code, 2);
  assert.match(a.err, /^error: resolveFlow: window must be odd \(centre frame\), got 16\nusage: deno task features/);
  const b = await run(["--dataset", "synth", "--root", "/nonexistent"]);
  assert.equal(b.code, 2);
  assert.match(b.err, /^error: --out is required/);
  const d = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x", "--detector-input", "200"]);
  assert.equal(d.code, 2);
  assert.match(d.err, /^error: face-api: inputSize must be a multiple of 32 ≥ 128, got 200\n/);
  const c = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x"]);
  assert.equal(c.code, 1);
  assert.match(c.err, /^error: \/nonexistent is not a SynthFace folder: manifest\.json not found/);
});
