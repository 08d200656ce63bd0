import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { decodeNpy, encodeNpy, npyFileProblem, readNpy, writeNpy } from "../../lib/io/npy.ts";

/** `.npy` bytes of an int16 array (NumPy's own layout). */
function int16Npy(values: number[]): Uint8Array {
  const f32 = encodeNpy(new Float32Array(values.length), [values.length]);
  const header = new TextDecoder().decode(f32.subarray(10, 10 + new DataView(f32.buffer).getUint16(8, true)));
  const h = header.replace("'<f4'", "'<i2'");
  const out = new Uint8Array(10 + h.length + 2 * values.length);
  out.set(f32.subarray(0, 10));
  out.set(new TextEncoder().encode(h), 10);
  out.set(new Uint8Array(Int16Array.from(values).buffer), 10 + h.length);
  return out;
}

Deno.test("decodeNpy() refuses integer features with a message, converts them only when asked", () => {
  const bytes = int16Npy([1, -2, 300]);
  let msg = "";
  try {
    decodeNpy(bytes, "f.npy");
  } catch (e) {
    msg = (e as Error).message;
  }
  assertEquals(msg.startsWith("f.npy: holds int16 (<i2) values, but features are real-valued optical flow"), true, msg);
  assertEquals(Array.from(decodeNpy(bytes, "f.npy", { integers: "convert" }).data), [1, -2, 300]);
});

Deno.test("npyFileProblem() finds empty, truncated and foreign files; readNpy names a missing file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeNpy(`${dir}/ok.npy`, new Float32Array(24), [2, 3, 2, 2]);
    assertEquals(await npyFileProblem(`${dir}/ok.npy`), undefined);
    await Deno.writeFile(`${dir}/empty.npy`, new Uint8Array());
    assertEquals(await npyFileProblem(`${dir}/empty.npy`), "empty (0 bytes)");
    const full = await Deno.readFile(`${dir}/ok.npy`);
    await Deno.writeFile(`${dir}/cut.npy`, full.subarray(0, full.length - 8));
    assertEquals(
      await npyFileProblem(`${dir}/cut.npy`),
      "truncated or padded (216 bytes, the header's shape needs 224)",
    );
    await Deno.writeTextFile(`${dir}/text.npy`, "hello world!");
    assertEquals(await npyFileProblem(`${dir}/text.npy`), "not a .npy file (bad magic)");
    assertEquals(await npyFileProblem(`${dir}/none.npy`), "missing");
    let err: unknown;
    try {
      await readNpy(`${dir}/none.npy`);
    } catch (e) {
      err = e;
    }
    assertEquals(err instanceof Deno.errors.NotFound, true);
    assertEquals((err as Error).message, `cannot read ${dir}/none.npy: no such file`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
