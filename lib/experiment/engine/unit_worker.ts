/**
 * Worker entry of the engine's pool: runs one {@link UnitJob} per message through {@link runJob}, with an `"epoch"`
 * event after every trained epoch.
 *
 * @module
 */
import { serveJobs } from "../../pool/pool.ts";
import { runJob, type UnitJob } from "./sweep.ts";
import type { UnitRecord } from "./store.ts";

serveJobs<UnitJob, UnitRecord, "epoch">((job, emit) => runJob(job, () => emit("epoch")));
