/**
 * Figure outputs of the notebooks: one display bundle carries the Vega-Lite spec (interactive in JupyterLab and
 * VS Code) beside a PNG and, when small, the SVG it was rendered to (lib/viz/render.ts), so that front ends without a
 * Vega-Lite renderer (the classic Notebook, GitHub's viewer) show the same figure.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { renderSvg, svgToPng, type VegaLiteSpec } from "../viz/render.ts";

/** MIME type of Vega-Lite v5 specs in Jupyter display bundles. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** Limits that keep committed notebook outputs small. */
export const DISPLAY_LIMITS = Object.freeze({
  /** A Vega-Lite spec larger than this (serialised) is left out; the images remain. */
  specBytes: 200_000,
  /** An SVG larger than this is left out; the PNG remains. */
  svgBytes: 60_000,
  /** PNG zoom (displayed at 1×, via the `width` metadata). */
  pngScale: 2,
});

/** A Jupyter `display_data` content: MIME bundle and its metadata. */
export interface DisplayBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Rendered images of one figure. */
export interface FigureImages {
  /** PNG bytes. */
  png: Uint8Array;
  /** SVG text, if any (left out of the bundle when over {@link DISPLAY_LIMITS}.svgBytes). */
  svg?: string;
  /** Display width of the PNG in CSS pixels (the SVG's width). */
  width?: number;
}

/** Width attribute of an SVG's root element, in pixels. */
export function svgWidth(svg: string): number | undefined {
  const m = /<svg\b[^>]*?\swidth="([\d.]+)(?:px)?"/.exec(svg);
  return m ? Number(m[1]) : undefined;
}

/**
 * Builds the display bundle of a figure from its images and (optionally) its Vega-Lite spec. `text/plain` names the
 * figure and says what was left out for size.
 */
export function imageBundle(title: string, images: FigureImages, spec?: VegaLiteSpec): DisplayBundle {
  const data: Record<string, unknown> = {};
  const notes: string[] = [];
  if (spec) {
    const bytes = JSON.stringify(spec).length;
    if (bytes <= DISPLAY_LIMITS.specBytes) data[VEGALITE_MIME] = spec;
    else notes.push(`Vega-Lite spec of ${Math.round(bytes / 1000)} kB left out`);
  }
  if (images.svg !== undefined) {
    if (images.svg.length <= DISPLAY_LIMITS.svgBytes) data["image/svg+xml"] = images.svg;
    else notes.push(`SVG of ${Math.round(images.svg.length / 1000)} kB left out`);
  }
  data["image/png"] = Buffer.from(images.png).toString("base64");
  data["text/plain"] = `<figure: ${title}${notes.length ? `; ${notes.join(", ")}` : ""}>`;
  const width = images.width ?? (images.svg ? svgWidth(images.svg) : undefined);
  return { data, metadata: width ? { "image/png": { width: Math.round(width) } } : {} };
}

/**
 * Renders a Vega-Lite spec (vega → SVG → resvg PNG) and builds its display bundle: Vega-Lite JSON + PNG, and the SVG
 * when small.
 *
 * @example
 * ```ts
 * const b = await figureBundle({ title: "t", data: { values: [{ x: 1 }] }, mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" } } });
 * Object.keys(b.data); // ["application/vnd.vegalite.v5+json", "image/svg+xml", "image/png", "text/plain"]
 * ```
 */
export async function figureBundle(spec: VegaLiteSpec): Promise<DisplayBundle> {
  const svg = await renderSvg(spec);
  const png = await svgToPng(svg, DISPLAY_LIMITS.pngScale);
  const title = typeof spec.title === "string" ? spec.title : (spec.title?.text ?? spec.description ?? "figure");
  return imageBundle(String(title), { png, svg, width: svgWidth(svg) }, spec);
}

/** Milliseconds {@link show} waits after sending an output (see there). */
export const SHOW_SETTLE_MS = 50;

/**
 * Sends a bundle as a `display_data` output of the running cell (Deno's Jupyter kernel only), then waits
 * {@link SHOW_SETTLE_MS}: Deno's kernel can report the cell idle before a just-broadcast output has left, and
 * `nbconvert --execute` then drops the output (1 in ~24 small outputs lost without the wait, 0 in 24 with 20 ms).
 */
export async function show(bundle: DisplayBundle): Promise<void> {
  await Deno.jupyter.broadcast("display_data", { data: bundle.data, metadata: bundle.metadata, transient: {} });
  await new Promise((r) => setTimeout(r, SHOW_SETTLE_MS));
}

/** Renders a Vega-Lite spec and shows it in the notebook ({@link figureBundle} + {@link show}). */
export async function showFigure(spec: VegaLiteSpec): Promise<void> {
  await show(await figureBundle(spec));
}
