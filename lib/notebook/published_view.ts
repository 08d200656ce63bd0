/**
 * The notebooks' opening cells: the published tables (Markdown) and figures (PNG, SVG, Vega-Lite) of
 * `results/published/synthface-bench/` as display bundles, or, for every item not published yet, a line saying what
 * is missing and which command makes it.
 *
 * @module
 */
import {
  missingPublishedFiles,
  PUBLISHED_DIR,
  type PublishedManifest,
  readPublished,
} from "../experiment/report/published.ts";
import { type DisplayBundle, imageBundle, show } from "./display.ts";

/** What a notebook shows from the published folder. */
export interface PublishedItems {
  /** Experiments whose tables to show (e.g. `"table5-lambda"`). */
  tables?: string[];
  /** Figure names (e.g. `"f1-vs-lambda"`). */
  figures?: string[];
}

/** The sweep each published figure is drawn from (`null`: computed from features, no training). */
export const FIGURE_SOURCES: Readonly<Record<string, string | null>> = Object.freeze({
  "fig5-flow": null,
  "fig7-pca": "table5-lambda",
  "fig8-timeline": "table3-variants",
  "f1-vs-window": "table4-window",
  "f1-vs-lambda": "table5-lambda",
  "training-curves": "table5-lambda",
});

/** The command that makes (or resumes) a published table's sweep, and the one that reruns it against the published. */
export function tableCommand(experiment: string): string {
  return `\`deno task publish --run --tables ${experiment}\` (resumes; writes ${PUBLISHED_DIR}), or rerun it against the ` +
    `published numbers with \`deno task reproduce ${experiment}\``;
}

function figureHint(name: string): string {
  const source = FIGURE_SOURCES[name];
  return source === undefined || source === null
    ? "written by `deno task publish` (no training needed)"
    : `drawn from the ${source} sweep: ${tableCommand(source)}`;
}

/** What {@link publishedBundles} found: one bundle per item shown, one line per item missing. */
export interface PublishedView {
  /** A one-line description of the published run (`null` when there is no manifest). */
  summary: string | null;
  bundles: DisplayBundle[];
  missing: string[];
}

function describe(m: PublishedManifest): string {
  const hours = (m.wallSeconds / 3600).toFixed(1);
  return `Published ${m.benchmark} results of ${m.createdAt.slice(0, 10)} (commit ${m.commit.slice(0, 10)}, ` +
    `backend ${m.backend}, ${m.machine.cores} cores of ${m.machine.cpu}, ${hours} h of training)`;
}

/**
 * Reads the published folder under `root` (the repository root, `".."` from `notebooks/`) and builds the bundles of
 * the items asked for: a table as `text/markdown` (its `.md` file) with its CSV as `text/plain`; a figure through
 * {@link imageBundle}. Throws only for a malformed manifest.
 */
export async function publishedBundles(root: string, items: PublishedItems): Promise<PublishedView> {
  const dir = `${root}/${PUBLISHED_DIR}`;
  const manifest = await readPublished(dir);
  const view: PublishedView = { summary: manifest && describe(manifest), bundles: [], missing: [] };
  if (!manifest) view.missing.push(`${PUBLISHED_DIR}/manifest.json (nothing is published yet)`);
  const absent = new Set(manifest ? await missingPublishedFiles(dir, manifest) : []);
  for (const experiment of items.tables ?? []) {
    const t = manifest?.tables.find((x) => x.experiment === experiment);
    if (!t || absent.has(`${dir}/${t.markdown}`) || absent.has(`${dir}/${t.csv}`)) {
      view.missing.push(`table ${experiment} — run ${tableCommand(experiment)}`);
      continue;
    }
    const md = await Deno.readTextFile(`${dir}/${t.markdown}`);
    const csv = await Deno.readTextFile(`${dir}/${t.csv}`);
    view.bundles.push({ data: { "text/markdown": md, "text/plain": csv }, metadata: {} });
  }
  for (const name of items.figures ?? []) {
    const f = manifest?.figures.find((x) => x.name === name);
    if (!f || absent.has(`${dir}/${f.png}`) || absent.has(`${dir}/${f.svg}`)) {
      view.missing.push(`figure ${name} — ${figureHint(name)}`);
      continue;
    }
    const png = await Deno.readFile(`${dir}/${f.png}`);
    const svg = await Deno.readTextFile(`${dir}/${f.svg}`);
    const spec = f.vegaLite && !absent.has(`${dir}/${f.vegaLite}`)
      ? JSON.parse(await Deno.readTextFile(`${dir}/${f.vegaLite}`))
      : undefined;
    view.bundles.push(imageBundle(f.title, { png, svg }, spec));
  }
  return view;
}

/**
 * Shows the published items in the running notebook cell ({@link publishedBundles}): first one text output with the
 * summary line and one line per missing item with the command that makes it, then the tables and figures. The
 * notebook carries on either way. Text goes out as a display output, not through stdout, so that it is ordered with the
 * figures and none of it is lost when the cell ends.
 */
export async function showPublished(root: string, items: PublishedItems): Promise<void> {
  const view = await publishedBundles(root, items);
  const text = [
    ...(view.summary ? [view.summary] : []),
    ...(view.missing.length ? ["Not published yet (the command after each item makes it):"] : []),
    ...view.missing.map((line) => `  ${line}`),
  ];
  if (text.length) {
    const markdown = text.map((l) => l.startsWith("  ") ? `- ${l.trim()}` : `${l}\n`).join("\n");
    await show({ data: { "text/markdown": markdown, "text/plain": text.join("\n") }, metadata: {} });
  }
  for (const b of view.bundles) await show(b);
}
