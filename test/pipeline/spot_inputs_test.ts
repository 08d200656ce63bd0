/** `deno task spot` on rough inputs: a clip shorter than any proposal, `--out` onto a file, no XDG_RUNTIME_DIR. */
import assert from "node:assert/strict";
import { noProposalReason } from "../../tasks/spot.ts";
import { tinySynth } from "../flow/_fixtures.ts";

const TASK = new URL("../../tasks/spot.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const env = { ...Deno.env.toObject(), NO_COLOR: "1" };
  delete (env as Record<string, string>).XDG_RUNTIME_DIR;
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TASK, ...args],
    stdout: "piped",
    stderr: "piped",
    env,
    clearEnv: true,
  }).output();
  return { code: r.code, err: new TextDecoder().decode(r.stderr), out: new TextDecoder().decode(r.stdout) };
}

Deno.test("spot says why a clip has no proposal", () => {
  assert.equal(
    noProposalReason(3),
    "the video has 3 frames, fewer than the shortest possible proposal (5 frames for a micro-expression, 17 for a " +
      "macro-expression): nothing can be spotted in it",
  );
  assert.match(
    noProposalReason(10),
    /^the video has 10 frames: too short for a macro-expression proposal \(at least 17/,
  );
  assert.equal(noProposalReason(300), "no frame scored above the apex threshold, so no interval was proposed");
});

Deno.test("spot on a 10-frame clip refuses --out onto a file and prints no Mesa notice", async () => {
  const root = await Deno.makeTempDir();
  try {
    await tinySynth(`${root}/syn`);
    const src = `${root}/syn/synth_01/synth_01_1`;
    await Deno.mkdir(`${root}/clip`);
    for (let i = 0; i < 10; i++) {
      await Deno.copyFile(`${src}/img_${String(i).padStart(5, "0")}.png`, `${root}/clip/img_${i}.png`);
    }
    const lm = (await Deno.readTextFile(`${src}/landmarks.csv`)).split("\n").slice(0, 11).join("\n") + "\n";
    await Deno.writeTextFile(`${root}/lm.csv`, lm);
    await Deno.writeTextFile(`${root}/taken`, "");
    const base = [`${root}/clip`, "--landmarks", `${root}/lm.csv`];
    const file = await run([...base, "--out", `${root}/taken`]);
    assert.equal(file.code, 1);
    assert.equal(
      file.err.trim().split("\n").at(-1),
      `error: --out ${root}/taken is a file, not a folder; give a folder path`,
    );
    const r = await run([...base, "--out", `${root}/out`]);
    // The backend (and its WebGPU probe) starts before the model is read, whether the model then loads or not.
    assert.doesNotMatch(r.err, /XDG_RUNTIME_DIR/);
    if (r.code === 0) {
      assert.match(r.out, /^clip: 10 frames at 30 fps, 0 proposal\(s\)$/m);
      assert.match(r.err, /note: the video has 10 frames: too short for a macro-expression proposal/);
    } else assert.match(r.err, /^error: /m);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
