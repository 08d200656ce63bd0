/**
 * Headless Chromium driven over the DevTools protocol with no dependency: start `chromium --headless=new
 * --remote-debugging-port=0` with a fresh profile, read the `ws://` address it prints on stderr, attach to a page
 * target and send commands over a WebSocket. {@link Chromium.close} always kills the process and deletes the
 * profile; use it in `finally`.
 *
 * @module
 */

/** Options of {@link launchChromium}. */
export interface ChromiumOptions {
  /** Browser binary. @default "/usr/bin/chromium" (Debian package `chromium`) */
  binary?: string;
  /** `.y4m` file served as the camera (fake capture device). */
  camera?: string;
  /** Extra command-line flags. */
  flags?: string[];
  /** Seconds to wait for the DevTools address. @default 30 */
  startTimeout?: number;
}

/** The flags every run uses: headless, no sandbox (root in CI), nothing fetched from the network, fresh profile. */
export const BASE_FLAGS: readonly string[] = Object.freeze([
  "--headless=new",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-default-apps",
  "--mute-audio",
  "--enable-unsafe-swiftshader",
  "--enable-unsafe-webgpu",
  "--remote-debugging-port=0",
  "--remote-allow-origins=*",
]);

type Pending = { resolve: (v: any) => void; reject: (e: Error) => void; method: string };

/** A running browser with one attached page session. */
export class Chromium {
  readonly #proc: Deno.ChildProcess;
  readonly #profile: string;
  #ws: WebSocket | undefined;
  #id = 0;
  #pending = new Map<number, Pending>();
  #listeners: ((method: string, params: any) => void)[] = [];
  #session: string | undefined;
  #closed = false;
  /** Browser stderr lines seen so far (for error messages). */
  readonly log: string[] = [];

  constructor(proc: Deno.ChildProcess, profile: string) {
    this.#proc = proc;
    this.#profile = profile;
  }

  /** Process id of the browser. */
  get pid(): number {
    return this.#proc.pid;
  }

  /** @internal connects the WebSocket. */
  async connect(url: string): Promise<void> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`chromium: cannot connect to DevTools at ${url}`));
    });
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (msg.id !== undefined) {
        const p = this.#pending.get(msg.id);
        if (!p) return;
        this.#pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`chromium: ${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else for (const l of this.#listeners) l(msg.method, msg.params);
    };
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.reject(new Error(`chromium: connection closed during ${p.method}`));
      this.#pending.clear();
    };
    this.#ws = ws;
  }

  /** Sends a command to the browser (or, with `page: true`, to the attached page). */
  send(method: string, params: Record<string, unknown> = {}, page = true): Promise<any> {
    if (!this.#ws || this.#closed) return Promise.reject(new Error(`chromium: ${method}: browser closed`));
    const id = ++this.#id;
    const msg: Record<string, unknown> = { id, method, params };
    if (page && this.#session) msg.sessionId = this.#session;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, method });
      this.#ws!.send(JSON.stringify(msg));
    });
  }

  /** Calls `fn(method, params)` on every protocol event. */
  on(fn: (method: string, params: any) => void): void {
    this.#listeners.push(fn);
  }

  /** Opens `url` in a new page target and attaches to it (Runtime, Page and Log events enabled). */
  async open(url: string): Promise<void> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" }, false);
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true }, false);
    this.#session = sessionId;
    await this.send("Runtime.enable");
    await this.send("Page.enable");
    await this.send("Log.enable");
    await this.send("Page.navigate", { url });
  }

  /** Evaluates an expression in the page (awaiting promises) and returns its JSON value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new Error(`page: ${d.exception?.description ?? d.text}`);
    }
    return r.result.value as T;
  }

  /** PNG screenshot of the page. */
  async screenshot(): Promise<Uint8Array> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }

  /** Kills the browser (SIGKILL after 2 s) and deletes its profile. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#ws?.close();
    } catch { /* already closed */ }
    try {
      this.#proc.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        this.#proc.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 2000);
    await this.#proc.status.catch(() => undefined);
    clearTimeout(timer);
    // Helper processes (GPU, crashpad) may still write into the profile for a moment after the browser exits.
    for (let tries = 0; tries < 10; tries++) {
      try {
        await Deno.remove(this.#profile, { recursive: true });
        break;
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

/**
 * Starts Chromium and returns it connected to the browser target. Throws a clear error when the binary is missing
 * (install the Debian package `chromium`: `deno task setup`).
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Chromium> {
  const binary = options.binary ?? "/usr/bin/chromium";
  try {
    await Deno.stat(binary);
  } catch {
    throw new Error(`chromium: ${binary} not found; install it with deno task setup (Debian package chromium)`);
  }
  const profile = await Deno.makeTempDir({ prefix: "spotkit-chromium-" });
  const flags = [...BASE_FLAGS, `--user-data-dir=${profile}`, ...(options.flags ?? [])];
  if (options.camera) {
    flags.push(
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${options.camera}`,
    );
  }
  const proc = new Deno.Command(binary, { args: [...flags, "about:blank"], stdout: "null", stderr: "piped" }).spawn();
  const browser = new Chromium(proc, profile);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`chromium: no DevTools address after ${options.startTimeout ?? 30} s`)),
        (options.startTimeout ?? 30) * 1000,
      );
      (async () => {
        let text = "";
        for await (const chunk of proc.stderr.pipeThrough(new TextDecoderStream())) {
          text += chunk;
          const lines = text.split("\n");
          text = lines.pop()!;
          for (const line of lines) {
            browser.log.push(line);
            const m = line.match(/DevTools listening on (ws:\/\/\S+)/);
            if (m) {
              clearTimeout(timer);
              resolve(m[1]);
            }
          }
        }
        clearTimeout(timer);
        reject(new Error(`chromium exited before DevTools started:\n${browser.log.slice(-10).join("\n")}`));
      })().catch(reject);
    });
    await browser.connect(url);
    return browser;
  } catch (e) {
    await browser.close();
    throw e;
  }
}
