/**
 * Regression guard of the published SW-MRO features: the bytes of a few windows on a drawn and on a real-photo
 * SynthFace video must stay exactly what they were (speed work on the extraction must not change a single bit).
 * When the features change on purpose (new options, algorithm or SynthFace rendering), record the new digests.
 */
import assert from "node:assert/strict";
import { planSynthFace, renderSynthVideo, synthVideoInputs } from "../../lib/data/synthface/mod.ts";
import { extractFeatures, type FlowEngine } from "../../lib/flow/mod.ts";

async function digest(face: "drawn" | "photo", width: number, engine: FlowEngine = "opencv-js"): Promise<string> {
  const [spec] = planSynthFace({
    face,
    subjects: 1,
    durationSeconds: 8,
    width,
    height: width,
    mePerVideo: 1,
    maePerVideo: 1,
    blinkEverySeconds: 0,
    headTurnsPerVideo: 1,
    seed: 5,
  });
  const video = await renderSynthVideo(spec);
  try {
    const { frames, landmarks } = synthVideoInputs(video);
    // the macro-expression's apex and the head turn's middle, 6 windows each
    const mae = spec.plan.events.find((e) => e.type === "MaE")!, turn = spec.plan.turns[0];
    const parts: Uint8Array[] = [];
    for (const c of [mae.apex, (turn.onset + turn.offset) >> 1]) {
      const f = await extractFeatures(frames, landmarks, { start: c - 3, end: c + 3, engine });
      assert.ok(f.data.some((v) => Math.abs(v) > 0.5), `${face}: windows around ${c} show motion`);
      parts.push(new Uint8Array(f.data.buffer));
    }
    const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((o, p) => (all.set(p, o), o + p.length), 0);
    const h = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
    return Array.from(h, (x) => x.toString(16).padStart(2, "0")).join("");
  } finally {
    video.dispose();
  }
}

const WANT = {
  drawn: "5dc74b23e25529025f8139643fb07581e97a92c28253f9d44adb27826fc8171a",
  photo: "3756b8568f0c4d862f2f184525d42d161e5e958426b7c732a7c77e3dc4a87fa2",
};

Deno.test("extractFeatures(): the SW-MRO features of a drawn and a photo SynthFace video are bit for bit the recorded ones", async () => {
  const got = { drawn: await digest("drawn", 128), photo: await digest("photo", 192) };
  assert.deepEqual(got, WANT);
});

Deno.test("extractFeatures(): the native flow engine gives the same bytes as OpenCV.js", async () => {
  const got = { drawn: await digest("drawn", 128, "native"), photo: await digest("photo", 192, "native") };
  assert.deepEqual(got, WANT);
});
