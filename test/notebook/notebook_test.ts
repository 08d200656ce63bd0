import assert from "node:assert/strict";
import {
  executeNotebook,
  extractCode,
  firstError,
  hasJupyter,
  lintNotebook,
  type NotebookJson,
} from "../../lib/notebook/notebook.ts";

const WARM = "await new Promise((r) => setTimeout(r, 500));";
const FIGURE_CELL = `import { showFigure } from "../../lib/notebook/display.ts";
await showFigure({ data: { values: [{ x: 1 }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } });`;
const nb = (cells: { id: string; src: string; type?: string }[]): NotebookJson => ({
  cells: cells.map((c) => ({ cell_type: c.type ?? "code", id: c.id, source: c.src, outputs: [] })),
  metadata: { kernelspec: { name: "deno-kit", display_name: "Deno (SpotKit)" } },
});

Deno.test("extractCode() joins code cells with their ids and ends with export {}", () => {
  const code = extractCode(
    nb([{ id: "w", src: WARM }, { id: "m", src: "# hi", type: "markdown" }, { id: "c", src: "const x = 1;" }]),
    "a.ipynb",
  );
  assert.equal(
    code,
    `// generated from a.ipynb by tasks/notebooks.ts --extract; do not edit\n// cell w\n${WARM}\n;\n// cell c\nconst x = 1;\n;\nexport {};\n`,
  );
});

Deno.test("lintNotebook() requires the kernelspec, cell ids, the warm-up cell and a documented Retrain switch", () => {
  const ok = nb([
    { id: "w", src: WARM },
    { id: "m", src: "# A\n\n`SPOTKIT_RETRAIN=1` retrains.", type: "markdown" },
    { id: "s", src: 'const RETRAIN = Deno.env.get("SPOTKIT_RETRAIN") === "1";' },
  ]);
  assert.deepEqual(lintNotebook(ok, "a.ipynb"), []);
  const bad: NotebookJson = { cells: [{ cell_type: "code", source: "1" }], metadata: {} };
  assert.deepEqual(lintNotebook(bad, "b.ipynb"), [
    'b.ipynb: metadata.kernelspec.name must be "deno-kit"',
    "b.ipynb: cell 0 has no id",
    "b.ipynb: the first code cell must be the warm-up `await new Promise((r) => setTimeout(r, 500));`",
    'b.ipynb: a code cell must define the Retrain switch `const RETRAIN = Deno.env.get("SPOTKIT_RETRAIN") === "1" …`',
    "b.ipynb: the first Markdown cell must say how to retrain (SPOTKIT_RETRAIN=1)",
  ]);
});

Deno.test({
  name: "deno task notebook --install-only installs deno-kit; executeNotebook() runs a notebook through it",
  ignore: !(await hasJupyter()),
  async fn() {
    const dir = await Deno.makeTempDir({ dir: "notebooks", prefix: ".test-" });
    try {
      // the task's own code path, into a temporary Jupyter data folder instead of the user's
      const data = `${dir}/data`;
      const task = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "tasks/notebook.ts", "--install-only"],
        env: { JUPYTER_DATA_DIR: data },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(task.stderr);
      assert.ok(task.success, log);
      assert.match(log, new RegExp(`kernelspec deno-kit installed: ${data}/kernels/deno-kit/kernel.json`));
      const spec = JSON.parse(await Deno.readTextFile(`${data}/kernels/deno-kit/kernel.json`));
      assert.deepEqual(spec.argv.slice(1), ["jupyter", "--kernel", "--conn", "{connection_file}"]);
      const book = nb([
        { id: "warm", src: WARM },
        { id: "ok", src: 'console.log(Deno.env.get("SPOTKIT_SMALL"));' },
        { id: "fig", src: FIGURE_CELL },
        { id: "boom", src: 'throw new Error("cell failed on purpose");' },
      ]);
      const cells = book.cells.map((c) => ({ ...c, metadata: {}, execution_count: null }));
      await Deno.writeTextFile(`${dir}/t.ipynb`, JSON.stringify({ ...book, cells, nbformat: 4, nbformat_minor: 5 }));
      const r = await executeNotebook(`${dir}/t.ipynb`, {
        outDir: `${dir}/out`,
        dataDir: data,
        env: { SPOTKIT_SMALL: "1" },
      });
      assert.deepEqual(r.error, { index: 3, id: "boom", message: "Error: cell failed on purpose" });
      const out = JSON.parse(await Deno.readTextFile(r.output)) as {
        cells: { outputs: { output_type: string; text?: string[]; data?: Record<string, unknown> }[] }[];
      };
      assert.equal(out.cells[1].outputs[0].text?.join(""), "1\n");
      // the figure goes out as Vega-Lite beside SVG and PNG, for front ends without a Vega-Lite renderer
      const fig = out.cells[2].outputs.find((o) => o.output_type === "display_data");
      assert.deepEqual(Object.keys(fig?.data ?? {}).sort(), [
        "application/vnd.vegalite.v5+json",
        "image/png",
        "image/svg+xml",
        "text/plain",
      ]);
      assert.equal(firstError(book), null);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
