import assert from "node:assert/strict";
import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import { zlibSync } from "fflate";
import { decodeGrayImage, encodeGrayPng, readGrayImage, sniffImageFormat, writeGrayPng } from "../../lib/io/image.ts";
import type { GrayFrame } from "../../lib/data/types.ts";

/** A minimal PNG built by hand (fast-png cannot encode 1-bit images): IHDR + one IDAT + IEND. */
function rawPng(width: number, height: number, depth: number, colorType: number, filtered: Uint8Array): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, body.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    let c = 0xffffffff;
    for (const b of out.subarray(4, 8 + body.length)) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    dv.setUint32(8 + body.length, (c ^ 0xffffffff) >>> 0);
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlibSync(filtered)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function ramp(width: number, height: number): GrayFrame {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x * 17 + y * 31) & 255;
  return { width, height, data };
}

Deno.test("writeGrayPng() and readGrayImage() round-trip an 8-bit grey frame exactly", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const f = ramp(13, 7);
    const path = `${dir}/a.png`;
    await writeGrayPng(path, f);
    const g = await readGrayImage(path);
    assert.deepEqual([g.width, g.height], [13, 7]);
    assert.deepEqual(g.data, f.data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("encodeGrayPng() is byte-identical for identical frames", () => {
  assert.deepEqual(encodeGrayPng(ramp(9, 9)), encodeGrayPng(ramp(9, 9)));
});

Deno.test("decodeGrayImage() converts RGB and RGBA PNG with BT.601 luma", () => {
  const rgb = encodePng({ width: 2, height: 1, data: new Uint8Array([255, 0, 0, 10, 200, 30]), channels: 3, depth: 8 });
  assert.deepEqual([...decodeGrayImage(rgb).data], [
    Math.round(0.299 * 255),
    Math.round(0.299 * 10 + 0.587 * 200 + 3.42),
  ]);
  const rgba = encodePng({ width: 1, height: 1, data: new Uint8Array([0, 0, 255, 7]), channels: 4, depth: 8 });
  assert.deepEqual([...decodeGrayImage(rgba).data], [Math.round(0.114 * 255)]);
});

Deno.test("decodeGrayImage() scales 16-bit grey PNG to 0..255 and rejects 1-bit PNG", () => {
  const p16 = encodePng({ width: 2, height: 1, data: new Uint16Array([65535, 257 * 100]), channels: 1, depth: 16 });
  assert.deepEqual([...decodeGrayImage(p16).data], [255, 100]);
  // 1-bit: 10 pixels → 2 packed bytes per row: 1010 0000 | 01xx (filter byte 0 first)
  const p1 = rawPng(10, 1, 1, 0, new Uint8Array([0, 0b10100000, 0b01000000]));
  assert.throws(() => decodeGrayImage(p1, "p1.png"), {
    message: "cannot decode frame p1.png: 1-bit PNG is not supported; re-export the frame as 8-bit",
  });
});

Deno.test("decodeGrayImage() decodes JPEG by magic bytes whatever the extension", async () => {
  const w = 16, h = 16;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([120, 120, 120, 255], i * 4);
  const bytes = new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, 95).data);
  assert.deepEqual(sniffImageFormat(bytes), "jpeg");
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/frame.png`; // wrong extension on purpose
    await Deno.writeFile(path, bytes);
    const g = await readGrayImage(path);
    assert.deepEqual([g.width, g.height], [w, h]);
    for (const v of g.data) assert.ok(Math.abs(v - 120) <= 2, `grey ${v} far from 120`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readGrayImage() names the file for non-image, truncated and missing files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const txt = `${dir}/x.png`;
    await Deno.writeTextFile(txt, "hello, not an image");
    await assert.rejects(() => readGrayImage(txt), { message: `cannot decode frame ${txt}: not a PNG or JPEG image` });
    const cut = `${dir}/cut.png`;
    await Deno.writeFile(cut, encodeGrayPng(ramp(32, 32)).subarray(0, 40));
    await assert.rejects(
      () => readGrayImage(cut),
      (e: Error) => e.message.startsWith(`cannot decode frame ${cut}: truncated or corrupt PNG (`),
    );
    const missing = `${dir}/none.png`;
    await assert.rejects(
      () => readGrayImage(missing),
      (e: Error) => e.message.startsWith(`cannot read frame ${missing}: unreadable (No such file`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeGrayPng() rejects data of the wrong length", async () => {
  await assert.rejects(
    () => writeGrayPng("/nonexistent/a.png", { width: 4, height: 4, data: new Uint8Array(15) }),
    { name: "RangeError", message: "/nonexistent/a.png: frame data has 15 bytes, expected 4×4 = 16" },
  );
  assert.throws(
    () => encodeGrayPng({ width: 0, height: 4, data: new Uint8Array(0) }),
    { name: "RangeError", message: "encodeGrayPng: frame size must be positive integers, got 0×4" },
  );
});
