import assert from "node:assert/strict";
import { missingPublishedFiles, PublishedError, readPublished } from "../../lib/experiment/report/published.ts";
import { sampleManifest } from "./_published.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "spotkit-published-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readPublished() returns null for a missing folder and the manifest for a valid one", async () => {
  await withDir(async (dir) => {
    assert.equal(await readPublished(`${dir}/absent`), null);
    const m = sampleManifest();
    await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify(m));
    assert.deepEqual(await readPublished(dir), m);
  });
});

Deno.test("readPublished() names the file and the field of a malformed manifest", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/manifest.json`;
    const cases: [(m: any) => void, RegExp][] = [
      [(m) => (m.format = "other/1"), /manifest\.json: format must be "spotkit-published\/1" \(got "other\/1"\)/],
      [(m) => delete m.tables[0].cells[1].configHash, /tables\[0\]\.cells\[1\]\.configHash must be a string/],
      [(m) => (m.tables[0].cells[0].scores.final["270"].me.f1 = "x"), /cells\[0\]\.scores\.final\.270\.me\.f1 must be/],
      [(m) => (m.tables[0].cells[0].scores.best = {}), /cells\[0\]\.scores\.best is not a protocol/],
      [(m) => (m.figures[0].png = "../x.png"), /figures\[0\]\.png must be a path inside the folder/],
      [(m) => (m.machine = null), /manifest\.json: machine must be an object/],
    ];
    for (const [edit, re] of cases) {
      const m = sampleManifest();
      edit(m);
      await Deno.writeTextFile(file, JSON.stringify(m));
      await assert.rejects(readPublished(dir), (e: Error) => e instanceof PublishedError && re.test(e.message));
    }
    await Deno.writeTextFile(file, "{ nope");
    await assert.rejects(readPublished(dir), /manifest\.json: not valid JSON/);
  });
});

Deno.test("missingPublishedFiles() lists the named files that are absent", async () => {
  await withDir(async (dir) => {
    const m = sampleManifest();
    await Deno.mkdir(`${dir}/tables`);
    await Deno.writeTextFile(`${dir}/tables/table5-lambda.md`, "| a |");
    assert.deepEqual(await missingPublishedFiles(dir, m), [
      `${dir}/tables/table5-lambda.csv`,
      `${dir}/figures/f1-vs-lambda.svg`,
      `${dir}/figures/f1-vs-lambda.png`,
    ]);
  });
});
