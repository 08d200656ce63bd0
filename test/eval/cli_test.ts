import { assertEquals } from "./_assert.ts";
import { formatProbsFile } from "../../lib/eval/mod.ts";
import { annotationsCsv, probsFor, SUBJECTS, writeRun } from "./_fixtures.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

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

Deno.test("eval:probs writes proposals.csv, matches.csv, metrics.json and prints Table 6", async () => {
  await withDir(async (dir) => {
    const [s1, s2] = SUBJECTS;
    const probs = formatProbsFile([
      { video: "s1_v", subject: "s1", T: 60, probs: probsFor(60, s1.events) },
      { video: "s2_v", subject: "s2", T: 60, probs: probsFor(60, [s2.events[0]]) },
    ]);
    await Deno.writeTextFile(`${dir}/p.json`, probs);
    await Deno.writeTextFile(`${dir}/a.csv`, annotationsCsv([s1, s2]));
    const r = await run("eval_probs.ts", [
      "--probs",
      `${dir}/p.json`,
      "--annotations",
      `${dir}/a.csv`,
      "--out",
      `${dir}/o`,
    ]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stdout.includes("| F1-Score | 0.6667 | 1.0000 | 0.8571 |"), true, r.stdout);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/o/metrics.json`));
    assertEquals(m.overall, { n_pred: 3, n_gt: 4, tp: 3, fp: 0, fn: 1, precision: 1, recall: 0.75, f1: 6 / 7 });
    assertEquals(m.mae.fn, 1);
    const props = (await Deno.readTextFile(`${dir}/o/proposals.csv`)).trim().split("\n");
    assertEquals(props[0], "video,type,onset,apex,offset,score");
    assertEquals(props.length, 4);
    const matches = (await Deno.readTextFile(`${dir}/o/matches.csv`)).trim().split("\n");
    assertEquals(matches.filter((l) => l.includes(",FN,")).length, 1);
    const bad = await run("eval_probs.ts", [
      "--probs",
      `${dir}/p.json`,
      "--annotations",
      `${dir}/a.csv`,
      "--threshold",
      "2",
    ]);
    assertEquals([bad.code, bad.stderr.split("\n")[0]], [2, "error: --threshold must be in [0, 1], got 2"]);
  });
});

Deno.test("eval:proposals scores a MEGC submission, reports unknown videos and honours --iou", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/a.csv`,
      "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au\ns1,v1,10,12,19,2,\ns1,v1,40,50,60,1,\n",
    );
    await Deno.writeTextFile(
      `${dir}/sub.csv`,
      "vid,pred_onset,pred_offset,type\nv1,10,14,me\nv1,40,60,mae\nghost,1,5,me\n",
    );
    const r = await run("eval_proposals.ts", ["--proposals", `${dir}/sub.csv`, "--annotations", `${dir}/a.csv`]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stderr.includes('video "ghost" is not in'), true, r.stderr);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/sub_eval/metrics.json`));
    assertEquals([m.me.tp, m.me.n_pred, m.mae.tp, m.overall.fp], [0, 2, 1, 2]); // ME: 4/9 < 0.5 (continuous)
    assertEquals(m.unknown_videos, ["ghost"]);
    const matches = (await Deno.readTextFile(`${dir}/sub_eval/matches.csv`)).trim().split("\n");
    assertEquals(matches[0], "video,type,status,gt_line,gt_onset,gt_offset,pred_line,pred_onset,pred_offset,score,iou");
    assertEquals(matches.slice(1).map((l) => l.split(",").slice(0, 3).join(",")), [
      "v1,me,FN",
      "v1,me,FP",
      "v1,mae,TP",
      "ghost,me,FP",
    ]);
    const inc = await run("eval_proposals.ts", [
      "--proposals",
      `${dir}/sub.csv`,
      "--annotations",
      `${dir}/a.csv`,
      "--iou",
      "inclusive",
      "--out",
      `${dir}/inc`,
    ]);
    assertEquals(inc.code, 0, inc.stderr);
    assertEquals(JSON.parse(await Deno.readTextFile(`${dir}/inc/metrics.json`)).me.tp, 1); // 5/10
  });
});

Deno.test("eval:proposals names the malformed line, and usage errors exit with 2", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/a.csv`, "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au\n");
    await Deno.writeTextFile(`${dir}/p.csv`, "video,type,onset,offset\nv1,me,1,5\nv1,me,9,5\n");
    const r = await run("eval_proposals.ts", ["--proposals", `${dir}/p.csv`, "--annotations", `${dir}/a.csv`]);
    assertEquals([r.code, r.stderr.trim()], [1, `error: ${dir}/p.csv:3: onset 9 is after offset 5`]);
    const u = await run("eval_proposals.ts", ["--proposals", `${dir}/p.csv`]);
    assertEquals(u.code, 2);
    assertEquals(u.stderr.startsWith("error: --annotations FILE or --dataset NAME --root PATH is required"), true);
  });
});

Deno.test("eval RESULTS_DIR writes metrics.json, table.md, table.csv and proposals per protocol", async () => {
  await withDir(async (dir) => {
    await writeRun(dir, SUBJECTS, { s1: { 1: "good", 2: "none" }, s2: { 1: "none", 2: "good" } });
    const r = await run("eval.ts", [dir]);
    assertEquals(r.code, 0, r.stderr);
    const files = [];
    for await (const e of Deno.readDir(dir)) if (e.isFile) files.push(e.name);
    assertEquals(files.sort(), [
      "annotations.csv",
      "metrics.json",
      "proposals_final.csv",
      "proposals_oracle.csv",
      "run.json",
      "table.csv",
      "table.md",
    ]);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
    assertEquals([m.protocols.final.epochs, m.protocols.oracle.epochs], [{ s1: 2, s2: 2 }, { s1: 1, s2: 2 }]);
    assertEquals([m.protocols.final.overall.tp, m.protocols.oracle.overall.tp], [2, 4]);
  });
});

Deno.test("eval:proposals takes ground truth from a dataset adapter; unannotated dataset videos are known", async () => {
  await withDir(async (dir) => {
    for (const v of ["v1", "v2"]) {
      await Deno.mkdir(`${dir}/d/s1/${v}`, { recursive: true });
      for (let i = 1; i <= 30; i++) {
        await Deno.writeTextFile(`${dir}/d/s1/${v}/img_${String(i).padStart(3, "0")}.png`, "");
      }
    }
    await Deno.writeTextFile(
      `${dir}/d/annotations.csv`,
      "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au\ns1,v1,10,12,19,2,\n",
    );
    await Deno.writeTextFile(`${dir}/p.csv`, "video,type,onset,offset\nv1,me,10,19\nv2,me,1,5\nghost,mae,1,20\n");
    const r = await run("eval_proposals.ts", [
      "--proposals",
      `${dir}/p.csv`,
      "--dataset",
      "frames",
      "--root",
      `${dir}/d`,
    ]);
    assertEquals(r.code, 0, r.stderr);
    const m = JSON.parse(await Deno.readTextFile(`${dir}/p_eval/metrics.json`));
    assertEquals([m.me.tp, m.me.fp, m.mae.fp, m.unknown_videos], [1, 1, 1, ["ghost"]]);
    const stray = await run("eval_proposals.ts", [
      "--proposals",
      `${dir}/p.csv`,
      "--annotations",
      "a.csv",
      "--step",
      "2",
    ]);
    assertEquals([stray.code, stray.stderr.split("\n")[0]], [2, "error: --step needs --dataset"]);
  });
});
