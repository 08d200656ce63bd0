/**
 * `deno run -A tasks/flow_identity.ts [--base main] [--seconds 10] [--size 256]`: checks that this checkout's
 * SW-MRO extraction gives byte-identical features to another git revision (default `main`), for speed work on
 * `lib/flow` (features are cached and published, so a faster extraction must not change one bit).
 *
 * Writes the base revision to a temporary folder (`git archive`), generates a drawn and a real-photo
 * (`face: "photo"`) SynthFace video, extracts the features of both with each code tree in a child process (one
 * thread, the default options, the exact SynthFace landmarks) and compares the float32 bytes. Prints the CPU
 * seconds of each extraction with the load average beside them; exits with status 1 on any difference.
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { generateSynthFace } from "../lib/data/synthface/mod.ts";

const SPEC = {
  base: { type: "string", default: "main", help: "git revision to compare with" },
  seconds: { type: "string", default: "10", help: "SynthFace video length (s, 30 fps)" },
  size: { type: "string", default: "256", help: "frame width and height (px)" },
} as const;
const USAGE = usage("deno run -A tasks/flow_identity.ts", SPEC);

/** Child: extracts the features of the first video of a SynthFace folder with the code tree `kit`. */
const CHILD = `
const [kit, root, out] = Deno.args;
const { openSynth } = await import(kit + "/lib/data/adapters/synth.ts");
const { extractFeatures } = await import(kit + "/lib/flow/extract.ts");
const cpu = () => {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};
const ds = await openSynth(root);
const v = ds.videos[0];
const lms = await ds.landmarks(v);
const c0 = cpu();
const f = await extractFeatures(ds.frames(v), lms, {});
const sec = cpu() - c0;
await Deno.writeFile(out, new Uint8Array(f.data.buffer));
console.log(JSON.stringify({ shape: f.shape, cpuSeconds: sec, load: Deno.loadavg()[0] }));
`;

async function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  const r = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  if (!r.success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${dec.decode(r.stderr)}`);
  return dec.decode(r.stdout);
}

/** First differing float32 element of two byte buffers, and the largest absolute difference. */
function compare(a: Uint8Array, b: Uint8Array): string | undefined {
  if (a.length !== b.length) return `${a.length} vs ${b.length} bytes`;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      first = i;
      break;
    }
  }
  if (first < 0) return undefined;
  const fa = new Float32Array(a.buffer, a.byteOffset, a.length / 4);
  const fb = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  let max = 0, count = 0;
  for (let i = 0; i < fa.length; i++) {
    if (!Object.is(fa[i], fb[i])) count++;
    max = Math.max(max, Math.abs(fa[i] - fb[i]));
  }
  return `${count} of ${fa.length} values differ, first at element ${first >> 2}, largest difference ${max}`;
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const base = stringFlag(args, "base")!, seconds = numberFlag(args, "seconds")!, size = numberFlag(args, "size")!;
  const here = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const tmp = await Deno.makeTempDir({ prefix: "flow_identity_" });
  try {
    const baseTree = `${tmp}/base`;
    await Deno.mkdir(baseTree);
    const rev = (await run("git", ["rev-parse", "--short", base], here)).trim();
    await run("bash", ["-c", `git archive ${rev} | tar -x -C ${baseTree}`], here);
    await Deno.symlink(await Deno.realPath(`${here}/node_modules`), `${baseTree}/node_modules`);
    await Deno.writeTextFile(`${tmp}/child.ts`, CHILD);
    let differ = 0;
    for (const face of ["drawn", "photo"] as const) {
      const root = `${tmp}/${face}`;
      await generateSynthFace(root, {
        face,
        subjects: 1,
        durationSeconds: seconds,
        width: size,
        height: size,
        mePerVideo: 2,
        maePerVideo: 1,
        headTurnsPerVideo: 1,
      });
      const bytes: Uint8Array[] = [];
      for (const [name, tree] of [[`base ${rev}`, baseTree], ["this checkout", here]]) {
        const out = `${tmp}/${face}_${bytes.length}.f32`;
        const line = await run(Deno.execPath(), [
          "run",
          "-A",
          "--config",
          `${tree}/deno.json`,
          `${tmp}/child.ts`,
          tree,
          root,
          out,
        ]);
        const r = JSON.parse(line.trim().split("\n").pop()!);
        console.log(
          `${face}: ${name}: shape ${r.shape.join("×")}, ${r.cpuSeconds.toFixed(2)} CPU s (load ${r.load.toFixed(2)})`,
        );
        bytes.push(await Deno.readFile(out));
      }
      const diff = compare(bytes[0], bytes[1]);
      console.log(`${face}: ${diff ? `DIFFERENT: ${diff}` : `identical (${bytes[0].length} bytes)`}`);
      if (diff) differ++;
    }
    if (differ) throw new Error(`the features differ from ${base} on ${differ} of 2 videos`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) runMain(main, USAGE);
