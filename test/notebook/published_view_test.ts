import assert from "node:assert/strict";
import { PUBLISHED_DIR } from "../../lib/experiment/report/published.ts";
import { publishedBundles, tableCommand } from "../../lib/notebook/published_view.ts";
import { VEGALITE_MIME } from "../../lib/notebook/display.ts";
import { sampleManifest } from "../experiment/_published.ts";

const ITEMS = { tables: ["table5-lambda", "table4-window"], figures: ["f1-vs-lambda", "fig5-flow"] };

Deno.test("publishedBundles() names every item and the command that makes it when nothing is published", async () => {
  const root = await Deno.makeTempDir({ prefix: "spotkit-view-" });
  try {
    const v = await publishedBundles(root, ITEMS);
    assert.equal(v.summary, null);
    assert.equal(v.bundles.length, 0);
    assert.deepEqual(v.missing, [
      `${PUBLISHED_DIR}/manifest.json (nothing is published yet)`,
      `table table5-lambda — run ${tableCommand("table5-lambda")}`,
      `table table4-window — run ${tableCommand("table4-window")}`,
      `figure f1-vs-lambda — drawn from the table5-lambda sweep: ${tableCommand("table5-lambda")}`,
      "figure fig5-flow — written by `deno task publish` (no training needed)",
    ]);
    assert.match(
      tableCommand("table5-lambda"),
      /^`deno task publish --run --tables table5-lambda` \(resumes; writes results\/published\//,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("publishedBundles() shows the published table as Markdown and the figure as PNG + SVG + Vega-Lite", async () => {
  const root = await Deno.makeTempDir({ prefix: "spotkit-view-" });
  try {
    const dir = `${root}/${PUBLISHED_DIR}`;
    const m = sampleManifest();
    m.figures[0].vegaLite = "figures/f1-vs-lambda.vl.json";
    await Deno.mkdir(`${dir}/tables`, { recursive: true });
    await Deno.mkdir(`${dir}/figures`);
    await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify(m));
    await Deno.writeTextFile(`${dir}/tables/table5-lambda.md`, "| cell | F1 |\n| --- | --- |\n| 0 | 0.5 |\n");
    await Deno.writeTextFile(`${dir}/tables/table5-lambda.csv`, "cell,F1\n0,0.5\n");
    await Deno.writeTextFile(`${dir}/figures/f1-vs-lambda.svg`, '<svg width="320" height="200"></svg>');
    await Deno.writeFile(`${dir}/figures/f1-vs-lambda.png`, new Uint8Array([137, 80, 78, 71]));
    await Deno.writeTextFile(`${dir}/figures/f1-vs-lambda.vl.json`, '{"mark":"line"}');
    const v = await publishedBundles(root, ITEMS);
    assert.match(v.summary!, /^Published synthface-bench results of 2026-11-30 \(commit abc123, backend wasm, 2 cores/);
    assert.equal(v.bundles.length, 2);
    assert.deepEqual(v.bundles[0].data, {
      "text/markdown": "| cell | F1 |\n| --- | --- |\n| 0 | 0.5 |\n",
      "text/plain": "cell,F1\n0,0.5\n",
    });
    const fig = v.bundles[1];
    assert.deepEqual(fig.data[VEGALITE_MIME], { mark: "line" });
    assert.equal(fig.data["image/svg+xml"], '<svg width="320" height="200"></svg>');
    assert.equal(fig.data["image/png"], "iVBORw==");
    assert.deepEqual(fig.metadata, { "image/png": { width: 320 } });
    assert.equal(v.missing.length, 2); // table4-window and fig5-flow
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
