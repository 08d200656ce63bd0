/**
 * Runs the window chunks of one video over a pool of feature workers (`worker.ts`) and assembles the result.
 *
 * @module
 */
import type { FlowJob } from "./worker.ts";

/** Runs chunks of one video over a worker pool; returns the assembled `(N, w, R, 2)` data. */
export async function runChunks(
  pool: Worker[],
  jobs: Omit<FlowJob, "id">[],
  total: number,
  onWindows: (n: number) => void,
): Promise<Float32Array> {
  const out = new Float32Array(total);
  let next = 0;
  const stride = total / jobs.reduce((s, j) => s + (j.end - j.start), 0);
  const loop = async (w: Worker) => {
    while (next < jobs.length) {
      const id = next++;
      const job = jobs[id];
      const data = await new Promise<Float32Array>((resolve, reject) => {
        w.onmessage = (ev) => {
          const m = ev.data;
          if (m.error) reject(new Error(m.error));
          else if (m.progress) onWindows(m.progress);
          else if (m.data) resolve(m.data);
        };
        w.onerror = (e) => {
          e.preventDefault();
          reject(new Error(`feature worker failed: ${e.message}`));
        };
        w.postMessage({ ...job, id });
      });
      out.set(data, job.start * stride);
    }
  };
  await Promise.all(pool.map(loop));
  return out;
}
