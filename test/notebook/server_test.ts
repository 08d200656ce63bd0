import assert from "node:assert/strict";
import { installKernelSpec } from "../../lib/notebook/kernelspec.ts";
import { hasNotebookServer, serverArgs, startNotebookServer, waitReady } from "../../lib/notebook/server.ts";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("serverArgs() binds 127.0.0.1 on one port, opens no browser, and allows root only as root", () => {
  assert.deepEqual(serverArgs({ dir: "/nb", port: 9000, token: "t" }, false), [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    "--port=9000",
    "--port-retries=0",
    "--notebook-dir=/nb",
    "--NotebookApp.token=t",
  ]);
  assert.equal(serverArgs({ dir: "/nb" }, true).at(-1), "--allow-root");
  assert.ok(serverArgs({ dir: "/nb" }, false).includes("--port=8888"));
});

Deno.test({
  name: "startNotebookServer() serves the installed deno-kit kernelspec on 127.0.0.1 and starts its kernel",
  ignore: !(await hasNotebookServer()),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "spotkit-nbserver-" });
    const env = { JUPYTER_DATA_DIR: `${dir}/data` };
    await installKernelSpec({ env });
    const token = crypto.randomUUID();
    const server = await startNotebookServer({ dir, port: freePort(), token, env });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const specs = await waitReady(server, token);
      assert.ok("deno-kit" in specs.kernelspecs, `kernelspecs: ${Object.keys(specs.kernelspecs)}`);
      const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };
      const r = await fetch(`${server.url}api/kernels`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "deno-kit" }),
      });
      const kernel = await r.json();
      assert.equal(r.status, 201, JSON.stringify(kernel));
      assert.equal(kernel.name, "deno-kit");
      await (await fetch(`${server.url}api/kernels/${kernel.id}`, { method: "DELETE", headers })).body?.cancel();
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
