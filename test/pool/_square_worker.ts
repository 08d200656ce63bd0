// Test worker of the pool: squares a number, emits one event per job, throws on negatives, crashes on NaN.
import { serveJobs } from "../../lib/pool/pool.ts";

serveJobs<number, number, string>((x, emit) => {
  if (Number.isNaN(x)) {
    setTimeout(() => {
      throw new Error("uncaught in worker");
    }, 0);
  } else emit(`got ${x}`);
  if (x < 0) return Promise.reject(new Error(`negative ${x}`));
  if (Number.isNaN(x)) return new Promise<number>(() => {}); // never answers: the crash ends the job
  return Promise.resolve(x * x);
});
