import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { DISPLAY_LIMITS, figureBundle, imageBundle, svgWidth, VEGALITE_MIME } from "../../lib/notebook/display.ts";

const SPEC = {
  title: "points",
  width: 200,
  height: 100,
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
  mark: "point",
  encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
};

Deno.test("figureBundle() carries the Vega-Lite spec beside its SVG and a PNG shown at the SVG's width", async () => {
  const b = await figureBundle(SPEC);
  assert.deepEqual(Object.keys(b.data), [VEGALITE_MIME, "image/svg+xml", "image/png", "text/plain"]);
  assert.deepEqual(b.data[VEGALITE_MIME], SPEC);
  const svg = b.data["image/svg+xml"] as string;
  assert.match(svg, /^<svg/);
  const png = Buffer.from(b.data["image/png"] as string, "base64");
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  const width = svgWidth(svg)!;
  assert.ok(width > 200, `svg width ${width}`);
  assert.equal(png.readUInt32BE(16), Math.round(width * DISPLAY_LIMITS.pngScale)); // IHDR width
  assert.deepEqual(b.metadata, { "image/png": { width: Math.round(width) } });
  assert.equal(b.data["text/plain"], "<figure: points>");
});

Deno.test("imageBundle() leaves out an oversized spec or SVG, keeps the PNG and says so", () => {
  const big = { data: { values: Array.from({ length: 20_000 }, (_, i) => ({ x: i, y: i })) } };
  const svg = `<svg width="300" height="10">${" ".repeat(DISPLAY_LIMITS.svgBytes)}</svg>`;
  const b = imageBundle("big", { png: new Uint8Array([1, 2, 3]), svg }, big);
  assert.deepEqual(Object.keys(b.data), ["image/png", "text/plain"]);
  assert.equal(b.data["image/png"], "AQID");
  assert.match(
    b.data["text/plain"] as string,
    /^<figure: big; Vega-Lite spec of \d+ kB left out, SVG of 60 kB left out>$/,
  );
  assert.deepEqual(b.metadata, { "image/png": { width: 300 } });
});
