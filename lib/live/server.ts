/**
 * The live page's static file server: GET/HEAD only, files only from a fixed set of mounts (URL prefix → folder), each
 * request resolved to a real path that must stay inside its mount's real folder (so `..`, encoded `%2e%2e`,
 * absolute paths, backslashes and symlinks that lead out are refused with 404), with the cross-origin isolation
 * headers (COOP/COEP) that let the wasm backends use threads. Binds to 127.0.0.1 unless told otherwise.
 *
 * @module
 */

/** Content types by file extension. */
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  wasm: "application/wasm",
  task: "application/octet-stream",
  ckpt: "application/octet-stream",
  bin: "application/octet-stream",
  data: "application/octet-stream",
  png: "image/png",
  svg: "image/svg+xml",
};

/** Headers sent with every response. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
});

/** Options of {@link serveLive}. */
export interface LiveServerOptions {
  /**
   * URL prefix ending with `/` → folder (the longest matching prefix wins), or an exact URL path → one file (the
   * chosen checkpoint or `.task` anywhere on disk is served under its URL and nothing else of its folder).
   */
  mounts: Record<string, string>;
  /** Address to bind. @default "127.0.0.1" */
  hostname?: string;
  /** Port (0 = any free port). @default 0 */
  port?: number;
  /** Called with one line per refused request (for logs). */
  onRefuse?: (path: string, why: string) => void;
}

/** A running server. */
export interface LiveServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Whether `addr` is a loopback address. */
export function isLoopback(addr: string): boolean {
  return addr === "localhost" || addr === "::1" || /^127\.\d+\.\d+\.\d+$/.test(addr);
}

/**
 * Maps a request path to a file inside one of the mounts, or returns why it is refused. The real path of the file
 * must lie inside the real path of its mount.
 */
export async function resolveRequest(
  mounts: Record<string, string>,
  rawPath: string,
): Promise<{ file: string } | { refused: string }> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { refused: "bad percent-encoding" };
  }
  if (path.includes("\0") || path.includes("\\")) return { refused: "NUL or backslash in path" };
  if (path.endsWith("/")) path += "index.html";
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s === ".")) return { refused: "dot segment" };
  if (Object.hasOwn(mounts, path) && !path.endsWith("/")) {
    try {
      const real = await Deno.realPath(mounts[path]);
      return (await Deno.stat(real)).isFile ? { file: real } : { refused: "not a file" };
    } catch {
      return { refused: "not found" };
    }
  }
  const prefix =
    Object.keys(mounts).filter((p) => p.endsWith("/") && path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
  if (!prefix) return { refused: "no mount" };
  const rest = path.slice(prefix.length);
  if (rest === "" || rest.startsWith("/")) return { refused: "absolute path inside mount" };
  let root: string, real: string;
  try {
    root = await Deno.realPath(mounts[prefix]);
    real = await Deno.realPath(`${root}/${rest}`);
  } catch {
    return { refused: "not found" };
  }
  if (!real.startsWith(root + "/")) return { refused: "outside its folder (symlink?)" };
  const st = await Deno.stat(real);
  if (!st.isFile) return { refused: "not a file" };
  return { file: real };
}

/**
 * Starts the server. A non-loopback `hostname` is allowed (the caller warns: the page and the chosen checkpoint
 * become reachable from the network).
 */
export function serveLive(options: LiveServerOptions): Promise<LiveServer> {
  for (const p of Object.keys(options.mounts)) {
    if (!p.startsWith("/")) {
      throw new RangeError(`serveLive: mount "${p}" must start with /`);
    }
  }
  const hostname = options.hostname ?? "127.0.0.1";
  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname,
      port: options.port ?? 0,
      onListen: ({ port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        resolve({ url: `http://${host}:${port}`, close: () => server.shutdown() });
      },
    }, async (req) => {
      const headers = new Headers(ISOLATION_HEADERS);
      if (req.method !== "GET" && req.method !== "HEAD") {
        headers.set("Allow", "GET, HEAD");
        return new Response("method not allowed\n", { status: 405, headers });
      }
      const rawPath = new URL(req.url).pathname;
      const r = await resolveRequest(options.mounts, rawPath);
      if ("refused" in r) {
        options.onRefuse?.(rawPath, r.refused);
        return new Response("not found\n", { status: 404, headers });
      }
      headers.set("Content-Type", TYPES[r.file.split(".").pop() ?? ""] ?? "application/octet-stream");
      const file = await Deno.open(r.file, { read: true });
      const { size } = await file.stat();
      headers.set("Content-Length", String(size));
      if (req.method === "HEAD") {
        file.close();
        return new Response(null, { headers });
      }
      return new Response(file.readable, { headers });
    });
  });
}
