import assert from "node:assert/strict";
import { hashFrames } from "../../lib/flow/content_hash.ts";

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const sha = async (b: Uint8Array) => hex(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));

Deno.test("hashFrames() hashes each file's whole content through its reused buffer, whatever the file sizes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hashframes_" });
  try {
    // small, then larger than the initial 64 KiB buffer, then smaller again (stale bytes must not count)
    const sizes = [10, 200_000, 70_000, 5, 300_000];
    const files = sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k * 7) & 255));
    const paths = await Promise.all(files.map(async (f, k) => {
      const p = `${dir}/f${k}.bin`;
      await Deno.writeFile(p, f);
      return p;
    }));
    const src = {
      length: paths.length,
      paths,
      read: () => Promise.reject(new Error("not decoded: hashed from the files")),
      describe: (i: number) => paths[i],
    };
    const want = await sha(new TextEncoder().encode((await Promise.all(files.map(sha))).join("")));
    assert.equal(await hashFrames(src), want);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
