/**
 * Headless Vega-Lite rendering: spec → SVG (vega `renderer: "none"`) → PNG (resvg, system fonts).
 *
 * @module
 */
import * as vega from "vega";
import * as vl from "vega-lite";

/** A Vega-Lite spec (top-level JSON object). */
// deno-lint-ignore no-explicit-any
export type VegaLiteSpec = Record<string, any>;

/**
 * Renders a Vega-Lite spec to an SVG string.
 *
 * @example
 * ```ts
 * const svg = await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
 * svg.startsWith("<svg"); // true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vl.compile(spec as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Converts SVG text to PNG bytes (white background, `scale`× zoom). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const r = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true },
  });
  return r.render().asPng();
}

/**
 * Writes `<base>.svg` and `<base>.png` for a spec and returns both paths.
 * The directory of `base` is created if needed.
 */
export async function writeFigure(base: string, spec: VegaLiteSpec): Promise<{ svg: string; png: string }> {
  const dir = base.includes("/") ? base.slice(0, base.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  const svg = await renderSvg(spec);
  await Deno.writeTextFile(`${base}.svg`, svg);
  await Deno.writeFile(`${base}.png`, await svgToPng(svg));
  return { svg: `${base}.svg`, png: `${base}.png` };
}
