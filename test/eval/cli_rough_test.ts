/** Eval tasks on rough inputs: run folders as output, repeated and defective annotation rows, short probabilities. */
import { assertEquals } from "./_assert.ts";
import { formatProbsFile } from "../../lib/eval/mod.ts";
import { probsFor } from "./_fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIX = new URL("./fixtures/", import.meta.url).pathname;
const HEADER = "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au";

async function run(task: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}tasks/${task}`, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("eval:proposals on a run folder's proposals never replaces the run's metrics.json", async () => {
  await withDir(async (dir) => {
    const runMetrics = JSON.stringify({ protocols: { final: { overall: { f1: 0.5 } } } });
    await Deno.writeTextFile(`${dir}/run.json`, "{}");
    await Deno.writeTextFile(`${dir}/metrics.json`, runMetrics);
    await Deno.writeTextFile(`${dir}/annotations.csv`, `${HEADER}\ns1,s1_v,10,12,19,2,\n`);
    await Deno.writeTextFile(`${dir}/proposals_final.csv`, "video,type,onset,offset\ns1_v,me,10,19\n");
    const args = ["--proposals", `${dir}/proposals_final.csv`, "--annotations", `${dir}/annotations.csv`];
    const r = await run("eval_proposals.ts", args);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await Deno.readTextFile(`${dir}/metrics.json`), runMetrics);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/proposals_final_eval/metrics.json`));
    assertEquals([m.overall.f1, m.written_by], [1, "eval:proposals"]);
    const again = await run("eval_proposals.ts", args); // its own output folder may be rewritten
    assertEquals(again.code, 0, again.stderr);
    const into = await run("eval_proposals.ts", [...args, "--out", dir]);
    assertEquals(into.code, 1);
    assertEquals(
      into.stderr.trim(),
      `error: ${dir} is a training run folder (run.json); its files are not replaced: pass another --out`,
    );
    assertEquals(await Deno.readTextFile(`${dir}/metrics.json`), runMetrics);
  });
});

Deno.test("eval:probs does not replace spot's proposals.csv beside its probs.json", async () => {
  await withDir(async (dir) => {
    const probs = formatProbsFile([{ video: "v", subject: "s", T: 40, probs: probsFor(40, []) }]);
    await Deno.writeTextFile(`${dir}/probs.json`, probs);
    await Deno.writeTextFile(`${dir}/proposals.csv`, "spot's own");
    await Deno.writeTextFile(`${dir}/a.csv`, `${HEADER}\ns,v,10,12,19,2,\n`);
    const r = await run("eval_probs.ts", ["--probs", `${dir}/probs.json`, "--annotations", `${dir}/a.csv`]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await Deno.readTextFile(`${dir}/proposals.csv`), "spot's own");
    const o = await run("eval_probs.ts", [
      "--probs",
      `${dir}/probs.json`,
      "--annotations",
      `${dir}/a.csv`,
      "--out",
      dir,
    ]);
    assertEquals([o.code, o.stderr.trim()], [
      1,
      `error: ${dir}/proposals.csv exists and was not written by eval:probs or eval:proposals; it is not replaced: ` +
      `pass another --out`,
    ]);
  });
});

Deno.test("a repeated ground-truth row is scored once, with a warning naming both lines", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/a.csv`,
      `${HEADER}\ns1,v1,10,12,19,2,\ns1,v1,40,50,60,1,\ns1,v1,10,12,19,2,\n`,
    );
    await Deno.writeTextFile(`${dir}/p.csv`, "video,type,onset,offset\nv1,me,10,19\nv1,mae,40,60\n");
    const r = await run("eval_proposals.ts", ["--proposals", `${dir}/p.csv`, "--annotations", `${dir}/a.csv`]);
    assertEquals(r.code, 0, r.stderr);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/p_eval/metrics.json`));
    assertEquals([m.overall.n_gt, m.overall.tp, m.overall.f1], [2, 2, 1]);
    assertEquals(r.stderr.trim(), `warning: ${dir}/a.csv:4: repeats line 2 (v1 ME 10-19); scored once`);
    assertEquals(m.warnings, [`${dir}/a.csv:4: repeats line 2 (v1 ME 10-19); scored once`]);
  });
});

Deno.test("datasets:check reports a repeated annotation row as an anomaly", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/d/s1/v1`, { recursive: true });
    for (let i = 1; i <= 50; i++) await Deno.writeTextFile(`${dir}/d/s1/v1/img_${String(i).padStart(3, "0")}.png`, "");
    const csv = `${dir}/d/annotations.csv`;
    await Deno.writeTextFile(csv, `${HEADER}\ns1,v1,10,12,19,2,\ns1,v1,10,12,19,2,\ns1,v1,30,35,40,2,\n`);
    const r = await run("datasets_check.ts", ["--dataset", "frames", "--root", `${dir}/d`, "--decode", "none"]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout.includes("events      ME 2, MaE 0, total 2"), true, r.stdout);
    assertEquals(r.stdout.includes(`  - ${csv}:3: repeats ${csv}:2 (ME 10-19); row skipped`), true, r.stdout);
  });
});

Deno.test("eval:probs warns when the probabilities cover fewer frames than the labelled events", async () => {
  await withDir(async (dir) => {
    const ev = { type: "ME" as const, onset: 10, apex: 12, offset: 15 };
    const probs = formatProbsFile([{ video: "v", subject: "s", T: 30, probs: probsFor(30, [ev]) }]);
    await Deno.writeTextFile(`${dir}/p.json`, probs);
    await Deno.writeTextFile(`${dir}/a.csv`, `${HEADER}\ns,v,10,12,15,2,\ns,v,40,50,70,1,\ns,v,25,27,31,2,\n`);
    const r = await run("eval_probs.ts", ["--probs", `${dir}/p.json`, "--annotations", `${dir}/a.csv`]);
    assertEquals(r.code, 0, r.stderr);
    const w = `${dir}/p.json: video "v" has probabilities for frames 0-29 (30) but 2 labelled event(s) reach beyond: ` +
      `MaE 40-70 (line 3), ME 25-31 (line 4); they can only count as misses`;
    assertEquals(r.stderr.includes(`warning: ${w}`), true, r.stderr);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/p_eval/metrics.json`));
    assertEquals([m.overall.tp, m.overall.fn], [1, 2]);
    assertEquals(m.warnings.some((x: string) => x.startsWith(w)), true);
  });
});

Deno.test("eval:proposals --iou inclusive scores a MEGC ground truth with a negative apex, with a warning", async () => {
  await withDir(async (dir) => {
    const r = await run("eval_proposals.ts", [
      "--proposals",
      `${FIX}megc_negative_apex_proposals.csv`,
      "--annotations",
      `${FIX}megc_negative_apex.csv`,
      "--iou",
      "inclusive",
      "--out",
      dir,
    ]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stderr.trim().split("\n"), [
      `warning: ${FIX}megc_negative_apex.csv:2: apex_frame "-1069" is not a frame number (not used for interval ` +
      `matching); set to the middle frame 593`,
      `warning: ${FIX}megc_negative_apex.csv:4: apex_frame "-1" is not a frame number (not used for interval ` +
      `matching); set to the middle frame 130`,
    ]);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
    assertEquals(m.mae, { n_pred: 3, n_gt: 3, tp: 2, fp: 1, fn: 1, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    assertEquals([m.me.tp, m.me.n_gt, m.overall.tp, m.overall.n_gt], [1, 1, 3, 4]);
  });
});
