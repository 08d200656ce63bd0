import assert from "node:assert/strict";
import { digestHex, toHex } from "../../lib/io/hex.ts";

Deno.test("toHex() and digestHex(): lowercase hex, known SHA-256 and SHA-1 vectors", async () => {
  assert.equal(toHex(new Uint8Array([0, 1, 15, 16, 255])), "00010f10ff");
  assert.equal(toHex(new Uint8Array([171, 205]).buffer), "abcd");
  assert.equal(await digestHex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(await digestHex(new TextEncoder().encode("abc")), await digestHex("abc"));
  assert.equal(await digestHex("abc", "SHA-1"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // a view digests only its own bytes
  const buf = new TextEncoder().encode("xabcx");
  assert.equal(await digestHex(buf.subarray(1, 4)), await digestHex("abc"));
});
