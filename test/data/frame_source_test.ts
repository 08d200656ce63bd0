import assert from "node:assert/strict";
import { openFrames, resolveFrameSource } from "../../lib/data/frame_source.ts";
import { writeGrayPng } from "../../lib/io/image.ts";

/** Writes `n` 8×6 PNG frames whose pixels all equal the frame index; returns their paths. */
async function writeFrames(dir: string, n: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = `${dir}/img_${String(i).padStart(5, "0")}.png`;
    await writeGrayPng(p, { width: 8, height: 6, data: new Uint8Array(48).fill(i) });
    paths.push(p);
  }
  return paths;
}

Deno.test("openFrames() streams frames in order and describes each by its path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = await writeFrames(dir, 5);
    const src = openFrames(paths);
    assert.equal(src.length, 5);
    assert.deepEqual(src.paths, paths);
    assert.equal(src.describe(3), paths[3]);
    for (let i = 0; i < 5; i++) {
      const f = await src.read(i);
      assert.deepEqual([f.width, f.height, f.data[0], f.data[47]], [8, 6, i, i]);
    }
    await assert.rejects(() => src.read(5), {
      name: "RangeError",
      message: `frame index 5 out of range [0, 5) for ${paths[0]}`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openFrames() keeps at most cacheSize frames decoded, never the whole video", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = await writeFrames(dir, 12);
    const src = openFrames(paths, { cacheSize: 4 });
    for (let i = 0; i < 12; i++) await src.read(i);
    assert.equal(src.cached, 4);
    // The most recent frames are served from memory: deleting their files does not matter…
    const again = await src.read(11);
    assert.equal(again, await src.read(11));
    await Deno.remove(paths[11]);
    assert.equal((await src.read(11)).data[0], 11);
    // …while an evicted frame is read from disk again.
    await Deno.remove(paths[0]);
    await assert.rejects(
      () => src.read(0),
      (e: Error) => e.message.startsWith(`cannot read frame ${paths[0]}: unreadable`),
    );
    assert.ok(src.cached <= 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openFrames() names the file whose size differs from the video's", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = await writeFrames(dir, 2);
    await writeGrayPng(paths[1], { width: 7, height: 6, data: new Uint8Array(42) });
    const src = openFrames(paths);
    await src.read(0);
    await assert.rejects(() => src.read(1), {
      message: `frame ${paths[1]} is 7×6 but the video's frames are 8×6; resize or remove the odd frame`,
    });
    const fixed = openFrames(paths, { size: { width: 8, height: 6 } });
    await assert.rejects(() => fixed.read(1), { message: /is 7×6 but the video's frames are 8×6/ });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openFrames() does not keep a failed read in its cache", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = [`${dir}/late.png`];
    const src = openFrames(paths);
    await assert.rejects(() => src.read(0), { message: /unreadable/ });
    await writeGrayPng(paths[0], { width: 2, height: 2, data: new Uint8Array([1, 2, 3, 4]) });
    assert.deepEqual([...(await src.read(0)).data], [1, 2, 3, 4]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveFrameSource() rejects unknown keys and bad cache sizes", () => {
  assert.deepEqual(resolveFrameSource({}), { cacheSize: 40 });
  assert.throws(() => resolveFrameSource({ cache: 3 } as never), {
    name: "TypeError",
    message: 'openFrames: unknown option "cache"; known: cacheSize, size',
  });
  assert.throws(() => resolveFrameSource({ cacheSize: 0 }), {
    name: "RangeError",
    message: "openFrames: cacheSize must be an integer in [1, 10000], got 0",
  });
});
