import assert from "node:assert/strict";
import { extractDataset, extractFeatures, loadFeatures } from "../../lib/flow/mod.ts";
import { TINY_FRAMES, tinyDataset } from "./_fixtures.ts";

const N = TINY_FRAMES;

Deno.test("extractDataset() writes (N, w, R, 2) .npy + sidecar with workers, equal to the in-process result, and caches", async () => {
  const root = await Deno.makeTempDir({ prefix: "flowds_" });
  try {
    const { ds, lms } = await tinyDataset(`${root}/data`);
    const out = `${root}/feat`;
    const ticks: number[] = [];
    const r1 = await extractDataset(ds, out, { window: 5, workers: 2, onProgress: (d) => ticks.push(d) });
    assert.equal(r1.length, 1);
    assert.equal(r1[0].cached, false);
    assert.equal(r1[0].provider, "tiny-exact");
    assert.equal(ticks.at(-1), N);
    const f = await loadFeatures(out, "s1", "v1");
    assert.deepEqual(f.shape, [N, 5, 10, 2]);
    const direct = await extractFeatures(ds.frames(ds.videos[0]), lms, { window: 5 });
    assert.deepEqual(Array.from(f.data), Array.from(direct.data));
    const side = JSON.parse(await Deno.readTextFile(`${out}/s1/v1.json`));
    assert.equal(side.options.window, 5);
    assert.equal(side.landmarks.provider, "tiny-exact");
    assert.match(side.hash, /^[0-9a-f]{64}$/);
    const r2 = await extractDataset(ds, out, { window: 5, workers: 2 });
    assert.equal(r2[0].cached, true);
    const r3 = await extractDataset(ds, out, { window: 5, workers: 1, strategy: "adjacent" });
    assert.equal(r3[0].cached, false);
    const side3 = JSON.parse(await Deno.readTextFile(`${out}/s1/v1.json`));
    assert.notEqual(side3.hash, side.hash);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("extractDataset() reports an unreadable frame from a worker, naming the file", async () => {
  const root = await Deno.makeTempDir({ prefix: "flowds_" });
  try {
    const { ds } = await tinyDataset(`${root}/data`);
    const bad = `${root}/data/s1/v1/007.png`;
    await Deno.writeFile(bad, new Uint8Array([1, 2, 3]));
    await assert.rejects(() => extractDataset(ds, `${root}/feat`, { window: 5, workers: 2 }), (e: Error) => {
      assert.match(e.message, /^extractFeatures: cannot read frame 7 of 12: .*007\.png/);
      return true;
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadFeatures() names the missing file", async () => {
  await assert.rejects(() => loadFeatures("/nonexistent", "s", "v"), {
    message: /cannot read \/nonexistent\/s\/v\.npy/,
  });
});
