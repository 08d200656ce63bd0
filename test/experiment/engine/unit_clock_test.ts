import assert from "node:assert/strict";
import { timeFile, UnitClock } from "../../../lib/experiment/engine/unit_clock.ts";

async function fold(opts: { ckpt?: boolean; time?: string } = {}): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "spotkit-clock-" });
  await Deno.mkdir(`${dir}/ckpt`);
  if (opts.ckpt) await Deno.writeTextFile(`${dir}/ckpt/latest.ckpt`, "x");
  if (opts.time !== undefined) await Deno.writeTextFile(timeFile(dir), opts.time);
  return dir;
}

/** Burns about `ms` of this thread's CPU. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (x < 0) throw new Error("unreachable");
}

Deno.test("a fresh unit's clock counts this run only and saves it beside the checkpoint", async () => {
  const dir = await fold();
  try {
    const clock = await UnitClock.start(dir, true);
    spin(60);
    clock.save();
    const saved = JSON.parse(await Deno.readTextFile(timeFile(dir)));
    const t = clock.now();
    assert.equal(t.resumed, undefined);
    assert.ok(saved.seconds >= 0.05 && saved.seconds <= t.seconds, JSON.stringify({ saved, t }));
    if (Deno.build.os === "linux") assert.ok(t.cpuSeconds! >= 0.03 && t.cpuSeconds! <= t.seconds + 0.05);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a resumed unit adds the time its earlier runs saved", async () => {
  const dir = await fold({ ckpt: true, time: JSON.stringify({ seconds: 100, cpuSeconds: 80 }) });
  try {
    const clock = await UnitClock.start(dir, true);
    const t = clock.now();
    assert.deepEqual(t.resumed, { earlierSeconds: 100, earlierCpuSeconds: 80 });
    assert.ok(t.seconds >= 100 && t.seconds < 101);
    if (Deno.build.os === "linux") assert.ok(t.cpuSeconds! >= 80 && t.cpuSeconds! < 81);
    clock.save(); // the running total, so that a second interruption keeps it
    assert.ok(JSON.parse(await Deno.readTextFile(timeFile(dir))).seconds >= 100);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a unit resumed from checkpoints without saved time says so and saves nothing", async () => {
  for (const time of [undefined, "{not json", JSON.stringify({ seconds: -1 })]) {
    const dir = await fold({ ckpt: true, time });
    try {
      const clock = await UnitClock.start(dir, true);
      const t = clock.now();
      assert.equal(t.resumed?.earlierSeconds, null, String(time));
      assert.ok(t.seconds < 1);
      clock.save();
      assert.equal(await Deno.readTextFile(timeFile(dir)).catch(() => undefined), time);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("without resume, or without a checkpoint, earlier time is ignored", async () => {
  const time = JSON.stringify({ seconds: 100, cpuSeconds: 80 });
  for (const [ckpt, resume] of [[true, false], [false, true]]) {
    const dir = await fold({ ckpt, time });
    try {
      const t = (await UnitClock.start(dir, resume)).now();
      assert.equal(t.resumed, undefined);
      assert.ok(t.seconds < 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});
