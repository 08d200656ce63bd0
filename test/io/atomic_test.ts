import assert from "node:assert/strict";
import { removeStaleTemps, writeTextFileAtomicSync } from "../../lib/io/atomic.ts";

Deno.test("removeStaleTemps() removes only the temporary files of killed atomic writes, recursively", async () => {
  const dir = await Deno.makeTempDir({ prefix: "stale_" });
  try {
    await Deno.mkdir(`${dir}/inner`);
    await Deno.writeTextFile(`${dir}/epoch_001.json`, "{}");
    await Deno.writeTextFile(`${dir}/epoch_002.json.tmp-123-0a1b2c3d`, "{");
    await Deno.writeTextFile(`${dir}/inner/epoch_001.json.tmp-9-deadbeef`, "{");
    await Deno.writeTextFile(`${dir}/notes.tmp-x`, "keep");
    const removed = await removeStaleTemps(dir);
    assert.deepEqual(removed.map((p) => p.slice(dir.length + 1)).sort(), [
      "epoch_002.json.tmp-123-0a1b2c3d",
      "inner/epoch_001.json.tmp-9-deadbeef",
    ]);
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left, ["epoch_001.json", "inner", "notes.tmp-x"]);
    assert.deepEqual(await removeStaleTemps(`${dir}/missing`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTextFileAtomicSync() creates the folder, replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "spotkit-atomic-sync-" });
  try {
    const path = `${dir}/a/b/time.json`;
    writeTextFileAtomicSync(path, "first\n");
    writeTextFileAtomicSync(path, "second\n");
    assert.equal(await Deno.readTextFile(path), "second\n");
    assert.deepEqual([...Deno.readDirSync(`${dir}/a/b`)].map((e) => e.name), ["time.json"]);
    assert.throws(() => writeTextFileAtomicSync(`${path}/under-a-file`, "x")); // a file is in the way
    assert.deepEqual([...Deno.readDirSync(`${dir}/a/b`)].map((e) => e.name), ["time.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
