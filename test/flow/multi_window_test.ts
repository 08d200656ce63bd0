import assert from "node:assert/strict";
import { extractDataset, loadFeatures } from "../../lib/flow/mod.ts";
import { deriveWindow, extractWindows } from "../../lib/flow/multi_window.ts";
import { TINY_FRAMES, tinyDataset } from "./_fixtures.ts";

Deno.test("extractWindows() gives every window size bit for bit as its own extraction, from one padded pass", async () => {
  const root = await Deno.makeTempDir({ prefix: "multiwin_" });
  try {
    const { ds } = await tinyDataset(`${root}/data`);
    const dirs = new Map([[3, `${root}/w3`], [5, `${root}/w5`], [7, `${root}/w7`]]);
    await extractWindows(ds, dirs, `${root}/scratch`, { workers: 2 });
    const padded = await loadFeatures(`${root}/scratch`, "s1", "v1");
    assert.deepEqual(padded.shape, [TINY_FRAMES + 2, 7, 10, 2]);
    for (const [w, dir] of dirs) {
      await extractDataset(ds, `${root}/direct${w}`, { window: w, workers: 1 });
      const direct = await loadFeatures(`${root}/direct${w}`, "s1", "v1");
      const derived = await loadFeatures(dir, "s1", "v1");
      assert.deepEqual(derived.shape, [TINY_FRAMES, w, 10, 2]);
      assert.deepEqual(Array.from(derived.data), Array.from(direct.data), `window ${w}`);
      const side = JSON.parse(await Deno.readTextFile(`${dir}/s1/v1.json`));
      const want = JSON.parse(await Deno.readTextFile(`${root}/direct${w}/s1/v1.json`));
      assert.deepEqual(side.options, want.options);
      assert.deepEqual(side.shape, want.shape);
      assert.equal(side.derivedFrom.window, 7);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deriveWindow() refuses an even, too large or under-padded window", () => {
  const padded = { data: new Float32Array(6 * 5 * 1 * 2), shape: [6, 5, 1, 2] as [number, number, number, 2] };
  assert.throws(() => deriveWindow(padded, 5, 4), /must be odd/);
  assert.throws(() => deriveWindow(padded, 5, 7), /at most 5/);
  assert.throws(() => deriveWindow(padded, 5, 1), /needs 2 padded rows/);
  assert.deepEqual(deriveWindow(padded, 5, 3).shape, [5, 3, 1, 2]);
});
