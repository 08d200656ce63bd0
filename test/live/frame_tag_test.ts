import { assertEquals } from "../eval/_assert.ts";
import { readTag, TAG_MAX, writeTag } from "../../lib/live/frame_tag.ts";

Deno.test("frame tags: round trip, parity check, untagged frames", () => {
  const f = { width: 128, height: 32, data: new Uint8Array(128 * 32).fill(90) };
  for (const i of [0, 1, 17, 1000, TAG_MAX]) {
    writeTag(f, i);
    assertEquals(readTag(f), i);
  }
  writeTag(f, 5);
  const y = 32 - 4;
  f.data[y * 128 + 11 * 8 + 4] = 255 - f.data[y * 128 + 11 * 8 + 4]; // flip the parity block
  assertEquals(readTag(f), undefined);
  assertEquals(readTag({ width: 128, height: 32, data: new Uint8Array(128 * 32) }), undefined);
});
