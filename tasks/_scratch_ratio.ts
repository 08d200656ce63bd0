import { openSynth } from "../lib/data/adapters/synth.ts";
import { extractFeatures, type FlowOptionsInput } from "../lib/flow/mod.ts";
const root = Deno.args[0], cfgName = Deno.args[1];
const CFGS: Record<string, FlowOptionsInput> = {
  old: { maxMotion: 0, faceIod: 0 },
  native: { faceIod: 0 },
  f44: { faceIod: 44 },
  f64: { faceIod: 64 },
  f90: { faceIod: 90 },
};
const ds = await openSynth(root);
const man = JSON.parse(await Deno.readTextFile(`${root}/manifest.json`));
const out: Record<string, number[]> = { ME: [], MaE: [], blink: [] };
let sec = 0, wins = 0;
for (const v of ds.videos) {
  const mv = man.videos.find((m: { video: string }) => m.video === v.video);
  const frames = ds.frames(v), lms = await ds.landmarks!(v);
  const busy = new Uint8Array(frames.length);
  const items: { kind: string; on: number; off: number }[] = [
    ...mv.events.map((e: { type: string; onset: number; offset: number }) => ({
      kind: e.type,
      on: e.onset,
      off: e.offset,
    })),
    ...mv.blinks.map((b: { onset: number; offset: number }) => ({ kind: "blink", on: b.onset, off: b.offset })),
  ];
  for (
    const it of [...items, ...mv.turns.map((t: { onset: number; offset: number }) => ({ on: t.onset, off: t.offset }))]
  ) {
    for (let f = Math.max(0, it.on - 17); f <= Math.min(frames.length - 1, it.off + 17); f++) busy[f] = 1;
  }
  const mag = async (i: number) => {
    const t0 = performance.now();
    const f = await extractFeatures(frames, lms, { ...CFGS[cfgName], start: i, end: i + 1 });
    sec += (performance.now() - t0) / 1000;
    wins++;
    let m = 0;
    for (let k = 0; k < f.data.length; k += 2) m = Math.max(m, Math.hypot(f.data[k], f.data[k + 1]));
    return m;
  };
  const neutral: number[] = [];
  for (let i = 20; i < frames.length - 20 && neutral.length < 30; i += 7) if (!busy[i]) neutral.push(await mag(i));
  neutral.sort((a, b) => a - b);
  const base = neutral[neutral.length >> 1];
  for (const it of items) {
    let peak = 0;
    for (let i = it.on; i <= it.off + 8; i += 2) peak = Math.max(peak, await mag(i));
    out[it.kind].push(peak / base);
  }
}
const r = (a: number[]) =>
  a.length
    ? `${Math.min(...a).toFixed(1)}–${Math.max(...a).toFixed(1)} (median ${
      [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1)
    }, n=${a.length})`
    : "-";
console.log(
  JSON.stringify({
    cfg: cfgName,
    ME: r(out.ME),
    MaE: r(out.MaE),
    blink: r(out.blink),
    msPerWindow: (1000 * sec / wins).toFixed(0),
    load: Deno.loadavg(),
  }),
);
