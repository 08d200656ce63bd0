/**
 * `deno task bench:train [--cases backend/preset/batch[/micro|/dpN],…] [--steps N] [--out FILE] [--append] [--no-torch]`
 *
 * Training and inference throughput (windows/s) of SpotFormer per tfjs backend and model preset
 * (`lib/train/bench.ts`), each case in its own process (so its peak RSS is its own and a wasm abort or a
 * lavapipe exit crash ends only that case), with the machine load before and after. The paper preset trains
 * at batch 512 as one batch on wasm (block recomputation, `spotformer/checkpoint.ts`); on webgpu (lavapipe) and
 * cpu it is measured at a smaller batch by default (512 windows take tens of minutes there). A `/micro`
 * suffix measures gradient accumulation over micro-batches (a deviation: BatchNorm and SupCon per chunk); a `/dpN`
 * suffix measures data-parallel training over N workers (`lib/train/data_parallel.ts`; training only).
 *
 * When `/usr/bin/python3` can import torch (Debian `python3-torch`), the same architecture in PyTorch
 * (`scripts/bench/spotformer_torch.py`, 2 threads, a speed anchor only) is measured once per preset/batch
 * and each case gets `vsTorch` = kit windows/s ÷ PyTorch windows/s; otherwise the ratio is skipped with a note.
 * Writes `results/bench/train.json` after every case.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { numberFlag } from "../lib/cli/args.ts";
import { peakRssMiB as peakRss } from "../lib/cli/proc.ts";
import { PRESET_NAMES, type PresetName } from "../lib/spotformer/mod.ts";
import { activeBackend, type BackendName, BACKENDS, initBackend, tf } from "../lib/tf/backend.ts";
import { blasCoreName } from "../lib/tf/blas.ts";
import { type BenchPlan, measureDataParallel, measureTraining } from "../lib/train/bench.ts";

const DEFAULT_CASES = [
  "wasm/tiny/512,wasm/tiny/512/dp2,wasm-blas/tiny/512,wasm-blas/tiny/512/dp2,cpu/tiny/512,webgpu/tiny/512",
  "wasm/paper/512,wasm/paper/512/dp2,wasm-blas/paper/512,wasm-blas/paper/512/dp2,webgpu/paper/32,cpu/paper/16",
].join(",");
const TORCH = "scripts/bench/spotformer_torch.py";

const SPEC = {
  cases: { type: "string", default: DEFAULT_CASES, help: "backend/preset/batch[/micro-batch] list" },
  steps: { type: "string", default: "1", help: "timed training and inference steps per case" },
  out: { type: "string", default: "results/bench/train.json", help: "output JSON" },
  append: { type: "boolean", help: "keep the cases already in the output file" },
  "no-torch": { type: "boolean", help: "skip the PyTorch reference" },
  child: { type: "string", help: "(internal) measure one case in this process and print it as JSON" },
} as const;
const USAGE = usage("deno task bench:train", SPEC);

interface Plan extends BenchPlan {
  backend: BackendName;
}

const loadavg = () => Promise.resolve(Deno.loadavg());
const peakRssMiB = () => Promise.resolve(Math.round(peakRss()));

/** Child mode: one case, JSON on stdout. */
async function child(spec: string, steps: number) {
  const [p] = parseCases(spec);
  await initBackend(p.backend);
  const warmup = p.preset === "tiny" && p.backend !== "cpu" ? 1 : 0;
  const r = p.replicas ? await measureDataParallel(p, steps, warmup) : await measureTraining(p, steps, warmup);
  console.log(
    JSON.stringify({
      ...r,
      warmup,
      tfBackend: activeBackend(),
      blasCore: blasCoreName() || undefined,
      peakRssMiB: await peakRssMiB(),
    }),
  );
}

async function runChild(spec: string, steps: number): Promise<Record<string, unknown>> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, "--child", spec, "--steps", String(steps)],
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(text);
  } catch {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").filter((l) => l.trim()).slice(-3).join(" | ");
    return { error: err || `exit code ${out.code}` };
  }
}

/** PyTorch reference figures for one preset/batch, or why there are none. */
async function torchRef(preset: string, batch: number, steps: number): Promise<Record<string, unknown>> {
  const probe = await new Deno.Command("/usr/bin/python3", { args: ["-c", "import torch"], stderr: "null" }).output()
    .catch(() => null);
  if (!probe?.success) {
    return { skipped: "PyTorch not available (apt-get install python3-torch for the ratio); ratio skipped" };
  }
  const load = await loadavg();
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [TORCH, "--preset", preset, "--batch", String(batch), "--threads", "2", "--steps", String(steps)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) return { error: new TextDecoder().decode(out.stderr).trim().split("\n").slice(-2).join(" | ") };
  return {
    ...JSON.parse(new TextDecoder().decode(out.stdout).trim()),
    loadavgBefore: load,
    loadavgAfter: await loadavg(),
  };
}

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const steps = numberFlag(args, "steps") ?? 1;
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be a positive integer, got ${steps}`);
  const childSpec = stringFlag(args, "child");
  if (childSpec) return await child(childSpec, steps);
  const specs = (stringFlag(args, "cases") ?? DEFAULT_CASES).split(",").map((c) => c.trim());
  const plan = parseCases(specs.join(","));
  const out = stringFlag(args, "out") ?? "results/bench/train.json";
  const prev = args.flags.append === true
    ? JSON.parse(await Deno.readTextFile(out).catch(() => '{"cases":[],"torch":{}}'))
    : { cases: [], torch: {} };
  const cases: Record<string, unknown>[] = prev.cases ?? [];
  const torch: Record<string, Record<string, unknown>> = prev.torch ?? {};
  await Deno.mkdir(out.replace(/\/[^/]*$/, ""), { recursive: true });
  const write = () => Deno.writeTextFile(out, JSON.stringify(report(cases, torch), null, 2) + "\n");
  for (const [i, p] of plan.entries()) {
    const key = `${p.preset}/${p.batch}`;
    if (!args.flags["no-torch"] && !(key in torch)) {
      console.error(`PyTorch reference ${key} …`);
      torch[key] = await torchRef(p.preset, p.batch, steps);
    }
    console.error(`measuring ${specs[i]} …`);
    const before = await loadavg();
    const r = await runChild(specs[i], steps);
    const c: Record<string, unknown> = { ...p, ...r, loadavgBefore: before, loadavgAfter: await loadavg() };
    const t = torch[key];
    if (typeof r.trainWindowsPerSec === "number" && typeof t?.trainWindowsPerSec === "number") {
      c.vsTorch = {
        train: ratio(r.trainWindowsPerSec, t.trainWindowsPerSec),
        infer: ratio(r.inferWindowsPerSec, t.inferWindowsPerSec),
        trainPerCpuSecond: ratio(r.trainWindowsPerCpuSec, t.trainWindowsPerCpuSec),
        inferPerCpuSecond: ratio(r.inferWindowsPerCpuSec, t.inferWindowsPerCpuSec),
      };
    } else if (t?.skipped) c.vsTorch = { skipped: t.skipped };
    const f = (v: unknown) => typeof v === "number" ? v.toFixed(2) : "—";
    console.error(
      r.error
        ? `  failed: ${r.error}`
        : `  train ${f(r.trainWindowsPerSec)} windows/s, inference ${
          f(r.inferWindowsPerSec)
        } windows/s, peak RSS ${r.peakRssMiB} MiB, vs PyTorch ${JSON.stringify(c.vsTorch ?? null)}, load ${before}`,
    );
    cases.push(c);
    await write();
  }
  await write();
  console.log(`wrote ${out}`);
}

function ratio(a: unknown, b: unknown): number | undefined {
  return typeof a === "number" && typeof b === "number" ? Number((a / b).toFixed(3)) : undefined;
}

function parseCases(text: string): Plan[] {
  return text.split(",").map((c) => {
    const fields = c.trim().split("/");
    const dp = fields[fields.length - 1].match(/^dp(\d+)$/);
    if (dp) fields.pop();
    const [backend, preset, batch, micro] = fields;
    if (!BACKENDS.includes(backend as BackendName) || !PRESET_NAMES.includes(preset as PresetName)) {
      throw new UsageError(`--cases entries are backend/preset/batch[/micro] (e.g. wasm/paper/512); got "${c}"`);
    }
    const b = Number(batch);
    if (!Number.isInteger(b) || b < 1) throw new UsageError(`batch of case "${c}" must be a positive integer`);
    const m = micro === undefined ? undefined : Number(micro);
    if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > b)) {
      throw new UsageError(`micro-batch of case "${c}" must be an integer in [1, ${b}]`);
    }
    const replicas = dp ? Number(dp[1]) : undefined;
    if (replicas !== undefined && (replicas < 1 || m !== undefined)) {
      throw new UsageError(`case "${c}": dpN needs N ≥ 1 and no micro-batch`);
    }
    return {
      backend: backend as BackendName,
      preset: preset as PresetName,
      batch: b,
      ...(m ? { microBatch: m } : {}),
      ...(replicas ? { replicas } : {}),
    };
  });
}

function report(cases: Record<string, unknown>[], torch: Record<string, unknown>) {
  return {
    createdAt: new Date().toISOString(),
    deno: Deno.version.deno,
    tfjs: tf.version_core,
    cores: navigator.hardwareConcurrency,
    note: "each case in its own process; wasm/webgpu tiny cases after one warm-up step, others without; timings " +
      "read back with await data(); the 2-core machine is shared with other jobs (loadavg per case): wall-clock " +
      "rates are pessimistic under load, per-CPU-second rates are the steadier figure. vsTorch = kit / PyTorch " +
      "windows/s (same preset and batch, 2 threads, measured in the same run); the per-CPU-second ratios compare " +
      "windows per process CPU second (PyTorch's counts both of its threads, spin-waits included).",
    goals: goals(cases),
    torch,
    cases,
  };
}

/**
 * The targets against the best case of this run (wall-clock and per-CPU-second figures, with the load the
 * case ran under): paper-preset training ≥ 0.5× PyTorch at batch 512 on the machine's cores (data-parallel cases
 * count), inference ≥ 1×, tiny-preset training ≥ 2 × 91 windows/s.
 */
function goals(cases: Record<string, unknown>[]) {
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const best = (
    pick: (c: Record<string, unknown>) => number | undefined,
    filter: (c: Record<string, unknown>) => boolean,
  ) => {
    let top: Record<string, unknown> | undefined;
    for (const c of cases) if (filter(c) && (pick(c) ?? -1) > (top ? pick(top) ?? -1 : -1)) top = c;
    if (!top) return null;
    const name = [top.backend, top.preset, top.batch, top.replicas ? `dp${top.replicas}` : undefined].filter(Boolean);
    return { case: name.join("/"), value: pick(top), loadavg: top.loadavgBefore };
  };
  const paper = (c: Record<string, unknown>) => c.preset === "paper" && c.batch === 512 && c.microBatch === undefined;
  const vs = (k: string) => (c: Record<string, unknown>) =>
    num((c.vsTorch as Record<string, unknown> | undefined)?.[k]);
  const paperTrain = best(vs("train"), paper), paperInfer = best(vs("infer"), paper);
  const tiny = best((c) => num(c.trainWindowsPerSec), (c) => c.preset === "tiny" && c.batch === 512);
  return {
    paperTrainVsTorch: { target: 0.5, ...paperTrain, met: (paperTrain?.value ?? 0) >= 0.5 },
    paperTrainVsTorchPerCpuSecond: best(vs("trainPerCpuSecond"), paper),
    paperInferVsTorch: { target: 1, ...paperInfer, met: (paperInfer?.value ?? 0) >= 1 },
    paperInferVsTorchPerCpuSecond: best(vs("inferPerCpuSecond"), paper),
    tinyTrainWindowsPerSec: { target: 182, ...tiny, met: (tiny?.value ?? 0) >= 182 },
  };
}

if (import.meta.main) await runMain(main, USAGE);
