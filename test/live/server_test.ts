import { assertEquals } from "../eval/_assert.ts";
import { isLoopback, resolveRequest, serveLive } from "../../lib/live/server.ts";

/** Sends a raw HTTP/1.1 request line (no client-side URL normalisation) and returns status + headers + body. */
async function raw(port: number, line: string): Promise<{ status: number; text: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
  let text = "";
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  conn.close();
  return { status: Number(text.split(" ")[1]), text };
}

Deno.test("serveLive: serves only its mounts, refuses traversal and symlinks out, sends isolation headers", async () => {
  const dir = await Deno.makeTempDir({ prefix: "spotkit-server-" });
  await Deno.mkdir(`${dir}/app`);
  await Deno.mkdir(`${dir}/run`);
  await Deno.writeTextFile(`${dir}/app/index.html`, "<p>app</p>");
  await Deno.writeTextFile(`${dir}/secret.txt`, "SECRET");
  await Deno.writeTextFile(`${dir}/run/model.json`, "{}");
  await Deno.writeTextFile(`${dir}/run/other.txt`, "OTHER");
  await Deno.symlink(`${dir}/secret.txt`, `${dir}/app/link.txt`);
  await Deno.symlink(dir, `${dir}/app/up`);
  const server = await serveLive({ mounts: { "/": `${dir}/app`, "/model/model.json": `${dir}/run/model.json` } });
  const port = Number(new URL(server.url).port);
  try {
    assertEquals(new URL(server.url).hostname, "127.0.0.1");
    const ok = await fetch(`${server.url}/`);
    assertEquals(ok.status, 200);
    assertEquals(await ok.text(), "<p>app</p>");
    assertEquals(ok.headers.get("cross-origin-opener-policy"), "same-origin");
    assertEquals(ok.headers.get("cross-origin-embedder-policy"), "require-corp");
    assertEquals(await (await fetch(`${server.url}/model/model.json`)).text(), "{}");
    for (
      const line of [
        "GET /../secret.txt HTTP/1.1",
        "GET /%2e%2e/secret.txt HTTP/1.1",
        "GET /%2E%2E%2Fsecret.txt HTTP/1.1",
        "GET /..%2fsecret.txt HTTP/1.1",
        "GET //etc/passwd HTTP/1.1",
        `GET ${dir}/secret.txt HTTP/1.1`,
        "GET /link.txt HTTP/1.1",
        "GET /up/secret.txt HTTP/1.1",
        "GET /model/other.txt HTTP/1.1",
        "GET /model/..%2fother.txt HTTP/1.1",
        "GET /%00index.html HTTP/1.1",
        "GET /..\\secret.txt HTTP/1.1",
      ]
    ) {
      const r = await raw(port, line);
      assertEquals([line, r.status], [line, r.status === 400 ? 400 : 404]);
      assertEquals([line, r.text.includes("SECRET") || r.text.includes("OTHER")], [line, false]);
    }
    assertEquals((await raw(port, "POST / HTTP/1.1")).status, 405);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveRequest and isLoopback: the rules without a server", async () => {
  const dir = await Deno.makeTempDir({ prefix: "spotkit-server-" });
  await Deno.writeTextFile(`${dir}/a.js`, "");
  try {
    assertEquals("file" in await resolveRequest({ "/": dir }, "/a.js"), true);
    assertEquals(await resolveRequest({ "/": dir }, "/%zz"), { refused: "bad percent-encoding" });
    assertEquals(await resolveRequest({ "/": dir }, "/%2e%2e/x"), { refused: "dot segment" });
    assertEquals(await resolveRequest({ "/v/": dir }, "/w/a.js"), { refused: "no mount" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assertEquals([isLoopback("127.0.0.1"), isLoopback("::1"), isLoopback("0.0.0.0"), isLoopback("192.168.1.2")], [
    true,
    true,
    false,
    false,
  ]);
});
