import assert from "node:assert/strict";
import { PUBLISHED_DIR, readPublished } from "../../lib/experiment/report/published.ts";
import { verifyPublished } from "../../lib/experiment/report/verify_published.ts";

Deno.test("the committed published folder: every number in its tables comes from the manifest, every cell's config hash is today's", async () => {
  const m = await readPublished(PUBLISHED_DIR);
  assert.ok(m, `${PUBLISHED_DIR}/manifest.json is committed`);
  assert.ok(m.tables.length > 0);
  for (const t of m.tables) {
    for (const c of t.cells) assert.match(c.configHash, /^[0-9a-f]{12}$/, `${t.experiment} "${c.label}"`);
  }
  assert.deepEqual(await verifyPublished(PUBLISHED_DIR), []);
});
