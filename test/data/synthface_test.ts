import assert from "node:assert/strict";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import { parseOfficialCsv } from "../../lib/data/official_csv.ts";
import { openSynth } from "../../lib/data/adapters/synth.ts";
import {
  EVENT_RANGES,
  generateSynthFace,
  irrelevantOf,
  planSynthFace,
  renderSynthVideo,
  resolveSynthFace,
  type SynthExpression,
  type SynthFaceOptions,
  type SynthVideoSpec,
} from "../../lib/data/synthface/mod.ts";

/** A small dataset: 2 subjects × one 8 s video at 64², 30 fps. */
const SMALL: Partial<SynthFaceOptions> = {
  subjects: 2,
  durationSeconds: 8,
  width: 64,
  height: 64,
  mePerVideo: 1,
  maePerVideo: 1,
  headTurnsPerVideo: 1,
  blinkEverySeconds: 3,
  marginSeconds: 0.5,
};

/** Still face: no events, no head motion, no blinks. */
const STILL: Partial<SynthFaceOptions> = {
  subjects: 1,
  durationSeconds: 3,
  mePerVideo: 0,
  maePerVideo: 0,
  headTurnsPerVideo: 0,
  blinkEverySeconds: 0,
  headDriftPx: 0,
};

async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(`${root}/${rel}`)) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(p);
      else {
        const d = await crypto.subtle.digest("SHA-256", await Deno.readFile(`${root}/${p}`));
        out.set(p, Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join(""));
      }
    }
  };
  await walk("");
  return out;
}

/** A still-face spec with one custom ME whose single action moves `landmark` by (dx, dy) at apex. */
function withEvent(region: "brow" | "mouth", landmark: number, dx: number, dy: number): SynthVideoSpec {
  const [spec] = planSynthFace(STILL);
  const amplitude = Math.hypot(dx, dy);
  const sigma = Math.max(amplitude, (region === "brow" ? 0.45 : 0.32) * spec.subject.unit);
  const ev: SynthExpression = {
    type: "ME",
    onset: 30,
    apex: 36,
    offset: 42,
    au: "RAU4",
    amplitude,
    actions: [{ region, side: "right", landmark, dx, dy, sigma }],
  };
  return { ...spec, plan: { ...spec.plan, events: [ev] } };
}

Deno.test("generateSynthFace() writes byte-identical files for the same seed and different ones for another", async () => {
  const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    await generateSynthFace(dirs[0], SMALL);
    await generateSynthFace(dirs[1], SMALL);
    await generateSynthFace(dirs[2], { ...SMALL, seed: 2 });
    const [a, b, c] = await Promise.all(dirs.map(hashTree));
    assert.equal(a.size, 2 * 240 + 2 + 2); // frames, landmarks.csv ×2, annotations.csv, manifest.json
    assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
    assert.deepEqual([...a.keys()].sort(), [...c.keys()].sort());
    const same = [...a.keys()].filter((k) => a.get(k) === c.get(k));
    assert.deepEqual(same, []);
  } finally {
    for (const d of dirs) await Deno.remove(d, { recursive: true });
  }
});

Deno.test("generateSynthFace() writes an official CSV matching the manifest, 0-based", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const manifest = await generateSynthFace(dir, { ...SMALL, subjects: 1, durationSeconds: 6 });
    const rows = parseOfficialCsv(await Deno.readTextFile(`${dir}/annotations.csv`), "annotations.csv");
    const events = manifest.videos.flatMap((v) => v.events.map((e) => ({ v, e })));
    assert.equal(rows.length, events.length);
    rows.forEach((r, k) => {
      const { v, e } = events[k];
      assert.deepEqual([r.subject, r.video, r.type, r.onset, r.apex, r.offset, r.au], [
        v.subject,
        v.video,
        e.type,
        e.onset,
        e.apex,
        e.offset,
        e.au,
      ]);
    });
    assert.equal(manifest.videos[0].subject, "synth_01");
    assert.equal(manifest.videos[0].video, "synth_01_1");
    const lm = (await Deno.readTextFile(`${dir}/synth_01/synth_01_1/landmarks.csv`)).trim().split("\n");
    assert.equal(lm.length, 1 + 180);
    assert.ok(lm[0].startsWith("frame,x_0,x_1,") && lm[0].endsWith(",y_66,y_67"));
    await assert.rejects(() => generateSynthFace(`${dir}/synth_01`, SMALL), {
      message: `synth: ${dir}/synth_01 is not empty and holds no SynthFace manifest.json; choose a new or empty folder`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openSynth() reads frames, events, irrelevant motion and exact landmarks of a SynthFace folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const opts = { ...SMALL, subjects: 1, durationSeconds: 6 };
    const manifest = await generateSynthFace(dir, opts);
    const ds = await openSynth(dir);
    assert.equal(ds.name, "synth");
    assert.deepEqual(ds.videos.map((v) => [v.subject, v.video, v.fps, v.frameCount]), [[
      "synth_01",
      "synth_01_1",
      30,
      180,
    ]]);
    const [v] = ds.videos, [m] = manifest.videos;
    assert.deepEqual(
      v.events,
      m.events.map(({ type, onset, apex, offset, au }) => ({ type, onset, apex, offset, au })),
    );
    assert.deepEqual(v.irrelevant, m.irrelevant);
    assert.ok(m.irrelevant.some((i) => i.kind === "blink") && m.irrelevant.some((i) => i.kind === "head"));
    const frames = ds.frames(v);
    assert.equal(frames.describe(7), `${dir}/synth_01/synth_01_1/img_00007.png`);
    const video = await renderSynthVideo(planSynthFace(opts)[0]);
    try {
      const lms = await ds.landmarks!(v);
      assert.equal(lms.length, 180);
      for (const i of [0, m.events[0].apex, 179]) {
        assert.deepEqual((await frames.read(i)).data, video.frame(i).data);
        const exact = video.landmarks(i);
        assert.ok(lms[i].every((x, k) => Math.abs(x - exact[k]) <= 5e-4), `landmarks of frame ${i}`);
      }
    } finally {
      video.dispose();
    }
    // corrupt pieces → errors naming the file
    const lmPath = `${dir}/synth_01/synth_01_1/landmarks.csv`;
    const lmText = await Deno.readTextFile(lmPath);
    await Deno.writeTextFile(lmPath, lmText.split("\n").slice(0, 100).join("\n"));
    await assert.rejects(() => ds.landmarks!(v), {
      message: `${lmPath}: has 99 rows but the video has 180 frames; regenerate it`,
    });
    await Deno.writeTextFile(
      `${dir}/annotations.csv`,
      "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au\nsynth_01,nope,1,2,3,2,AU4\n",
    );
    await assert.rejects(() => openSynth(dir), {
      message: `${dir}/annotations.csv:2: video "nope" is not in manifest.json`,
    });
    await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify({ format: "other", videos: [] }));
    await assert.rejects(() => openSynth(dir), {
      message: `${dir}/manifest.json: not a SynthFace manifest (format "other"); regenerate the data`,
    });
    await Deno.remove(`${dir}/manifest.json`);
    await assert.rejects(() => openSynth(dir), {
      message: `${dir} is not a SynthFace folder: manifest.json not found at ${dir}/manifest.json; ` +
        `generate one with "deno task synth --out ${dir}"`,
    });
    await assert.rejects(() => openSynth(dir, { cache: 1 } as never), {
      name: "TypeError",
      message: 'synth: unknown option "cache"; known: cacheSize',
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const fps of [30, 200]) {
  Deno.test(`planSynthFace() keeps event durations, amplitudes and placement in range at ${fps} fps`, () => {
    const opts = resolveSynthFace({ subjects: 4, videosPerSubject: 2, fps });
    for (const { plan } of planSynthFace(opts)) {
      assert.equal(plan.frameCount, 20 * fps);
      assert.equal(plan.events.filter((e) => e.type === "ME").length, 3);
      assert.equal(plan.events.filter((e) => e.type === "MaE").length, 3);
      for (const e of plan.events) {
        const r = EVENT_RANGES[e.type];
        const seconds = (e.offset - e.onset + 1) / fps;
        assert.ok(seconds >= r.seconds[0] && seconds <= r.seconds[1], `${e.type} lasts ${seconds} s`);
        assert.ok(e.amplitude >= r.px[0] && e.amplitude <= r.px[1], `${e.type} amplitude ${e.amplitude}`);
        assert.ok(e.onset < e.apex && e.apex < e.offset);
        for (const a of e.actions) assert.ok(Math.abs(Math.hypot(a.dx, a.dy) - e.amplitude) < 1e-9);
        const sides = new Set(e.actions.map((a) => a.side));
        if (/^[LR]AU/.test(e.au)) assert.deepEqual([...sides], [e.au[0] === "L" ? "left" : "right"]);
        else assert.equal(sides.size, 2);
      }
      const all = [...plan.events, ...plan.blinks, ...plan.turns].sort((a, b) => a.onset - b.onset);
      assert.equal(plan.blinks.length, 5);
      assert.equal(plan.turns.length, 2);
      assert.ok(all[0].onset >= fps && all[all.length - 1].offset < plan.frameCount - fps, "margins");
      for (let k = 1; k < all.length; k++) assert.ok(all[k].onset > all[k - 1].offset, "events overlap");
      assert.deepEqual(plan.events, [...plan.events].sort((a, b) => a.onset - b.onset));
    }
  });
}

Deno.test("renderSynthVideo() landmarks follow every planned action, and only on its side", async () => {
  const specs = planSynthFace({ ...STILL, subjects: 2, durationSeconds: 20, mePerVideo: 3, maePerVideo: 3 });
  let oneSided = 0;
  for (const spec of specs) {
    const video = await renderSynthVideo(spec);
    try {
      for (const e of spec.plan.events) {
        const a = video.landmarks(e.onset), b = video.landmarks(e.apex);
        const moved = new Set(e.actions.map((x) => x.landmark));
        for (const act of e.actions) {
          const i = act.landmark;
          assert.ok(Math.abs(b[2 * i] - a[2 * i] - act.dx) < 1e-4, `${e.au} x of landmark ${i}`);
          assert.ok(Math.abs(b[2 * i + 1] - a[2 * i + 1] - act.dy) < 1e-4, `${e.au} y of landmark ${i}`);
          const mirror = { 19: 24, 24: 19, 48: 54, 54: 48 }[i]!;
          if (!moved.has(mirror)) {
            oneSided++;
            assert.ok(Math.hypot(b[2 * mirror] - a[2 * mirror], b[2 * mirror + 1] - a[2 * mirror + 1]) < 0.01);
          }
        }
        // the chin (far from brows and mouth corners) does not move with expressions
        assert.ok(Math.abs(b[16] - a[16]) + Math.abs(b[17] - a[17]) < 1e-3);
      }
    } finally {
      video.dispose();
    }
  }
  assert.ok(oneSided > 0, "the plans contain one-sided expressions");
});

Deno.test("renderSynthVideo() moves the texture: Farneback flow at the moving landmark matches its displacement", async () => {
  const cv = await loadOpenCV();
  for (const [region, landmark, dx, dy] of [["brow", 19, 1.2, 1.6], ["mouth", 48, -0.9, -1.2]] as const) {
    const video = await renderSynthVideo(withEvent(region, landmark, dx, dy));
    const a = video.frame(30), b = video.frame(36);
    const la = video.landmarks(30);
    const ma = cv.matFromArray(a.height, a.width, cv.CV_8UC1, a.data);
    const mb = cv.matFromArray(b.height, b.width, cv.CV_8UC1, b.data);
    const flow = new cv.Mat();
    try {
      cv.calcOpticalFlowFarneback(ma, mb, flow, 0.5, 3, 15, 3, 5, 1.2, 0);
      const f = flow.data32F as Float32Array;
      const at = (i: number) => {
        let sx = 0, sy = 0;
        for (let oy = -1; oy <= 1; oy++) {
          for (let ox = -1; ox <= 1; ox++) {
            const k = (Math.round(la[2 * i + 1]) + oy) * a.width + Math.round(la[2 * i]) + ox;
            sx += f[2 * k] / 9;
            sy += f[2 * k + 1] / 9;
          }
        }
        return [sx, sy];
      };
      const [fx, fy] = at(landmark);
      const d = Math.hypot(dx, dy), m = Math.hypot(fx, fy);
      assert.ok((fx * dx + fy * dy) / (d * m) > 0.95, `${region}: flow (${fx}, ${fy}) points away from (${dx}, ${dy})`);
      assert.ok(m > 0.5 * d && m < 1.2 * d, `${region}: flow magnitude ${m} vs displacement ${d}`);
      const [sx, sy] = at(landmark === 19 ? 24 : 54); // the other side stays still
      assert.ok(Math.hypot(sx, sy) < 0.15 * d, `${region}: other side flows by (${sx}, ${sy})`);
    } finally {
      ma.delete();
      mb.delete();
      flow.delete();
      video.dispose();
    }
  }
});

Deno.test("renderSynthVideo() closes the eyelids during a blink and moves the whole face with the head", async () => {
  const [spec] = planSynthFace({ ...STILL, durationSeconds: 8, blinkEverySeconds: 8, headTurnsPerVideo: 1 });
  const video = await renderSynthVideo(spec);
  try {
    const [blink] = spec.plan.blinks, [turn] = spec.plan.turns;
    const open = video.landmarks(blink.onset), shut = video.landmarks(blink.apex);
    const gap = (lm: Float32Array, up: number, lo: number) => lm[2 * lo + 1] - lm[2 * up + 1];
    assert.ok(gap(shut, 37, 41) < 0.3 * gap(open, 37, 41), "right eye closes");
    assert.ok(gap(shut, 44, 46) < 0.3 * gap(open, 44, 46), "left eye closes");
    assert.equal(open[2 * 36], shut[2 * 36]); // corners stay
    const still = video.landmarks(turn.onset), turned = video.landmarks(turn.apex);
    const shift = (i: number) => Math.hypot(turned[2 * i] - still[2 * i], turned[2 * i + 1] - still[2 * i + 1]);
    for (const i of [0, 8, 16, 30, 36, 45, 48, 54]) assert.ok(shift(i) > 1, `landmark ${i} moves with the head`);
    assert.ok(video.motion(turn.apex).head.angle !== 0);
    assert.throws(() => video.frame(spec.plan.frameCount), {
      name: "RangeError",
      message: `synth: frame 240 out of range [0, 240) of synth_01_1`,
    });
  } finally {
    video.dispose();
  }
});

Deno.test("renderSynthVideo() adds seeded sensor noise and renders frames in any order identically", async () => {
  const [spec] = planSynthFace({ ...STILL, noiseSigma: 1.5 });
  const video = await renderSynthVideo(spec);
  try {
    const f5 = video.frame(5), f0 = video.frame(0), f5again = video.frame(5);
    assert.deepEqual(f5.data, f5again.data);
    let ss = 0;
    for (let k = 0; k < f0.data.length; k++) ss += (f5.data[k] - f0.data[k]) ** 2;
    const sigma = Math.sqrt(ss / f0.data.length / 2); // difference of two independent noises
    assert.ok(sigma > 1.2 && sigma < 1.8, `noise sigma ${sigma}`);
  } finally {
    video.dispose();
  }
});

Deno.test("resolveSynthFace() rejects unknown keys and out-of-range values", () => {
  assert.equal(resolveSynthFace({}).width, 128);
  assert.throws(() => resolveSynthFace({ frames: 3 } as never), {
    name: "TypeError",
    message: /^synth: unknown option "frames"; known options: subjects, videosPerSubject,/,
  });
  assert.throws(() => resolveSynthFace({ fps: 29.97 }), {
    name: "RangeError",
    message: "synth: fps must be an integer in [10, 1000], got 29.97",
  });
  assert.throws(() => resolveSynthFace({ durationSeconds: 2 }), {
    name: "RangeError",
    message: "synth: marginSeconds 1 leaves no room in a 2 s video; use a margin below 1",
  });
  assert.throws(() => planSynthFace({ durationSeconds: 4 }), {
    name: "RangeError",
    message: "synth: cannot place 9 events (expressions 6, head turns 2, blinks 1, mouth movements 0) in a 4 s " +
      "video; raise durationSeconds or lower mePerVideo/maePerVideo/headTurnsPerVideo/mouthMovesPerVideo, or raise " +
      "blinkEverySeconds",
  });
});

Deno.test("mouth movements drop the lower lip, are irrelevant motion, and leave plans without them unchanged", async () => {
  const opts = { ...STILL, subjects: 1, durationSeconds: 12, mePerVideo: 1, maePerVideo: 1 };
  const [plain] = planSynthFace(opts);
  assert.deepEqual(plain.plan.moves, []);
  assert.deepEqual(planSynthFace({ ...opts, mouthMovesPerVideo: 0 })[0].plan, plain.plan);
  const [spec] = planSynthFace({ ...opts, mouthMovesPerVideo: 3 });
  assert.equal(spec.plan.moves.length, 3);
  assert.equal(irrelevantOf(spec).filter((i) => i.kind === "mouth").length, 3);
  assert.equal(spec.plan.events.length, 2, "mouth movements are never annotated");
  const video = await renderSynthVideo(spec);
  try {
    for (const m of spec.plan.moves) {
      const a = video.landmarks(m.onset), b = video.landmarks(m.apex);
      assert.ok(Math.abs(b[2 * 57 + 1] - a[2 * 57 + 1] - m.actions[0].dy) < 1e-4, "lower lip drops by the amplitude");
      assert.ok(m.actions[0].dy >= 1 && m.actions[0].dy <= 3);
    }
  } finally {
    video.dispose();
  }
});
