/**
 * Checks a published folder against itself and the code: every F1 and count in every table's CSV is recomputed from
 * the manifest's per-seed scores; every cell's config hash equals the hash of the config its experiment file resolves
 * to today; every unit's key is recomputed and its record exists in the store with that key; the verdicts on the
 * paper's directions (`verdicts.ts`) are those the manifest's scores give. Returns the problems (empty when the folder
 * is consistent).
 *
 * @module
 */
import { loadExperiment } from "../config/load.ts";
import { planSweep } from "../engine/plan.ts";
import { readUnitRecord, runDir, unitPath } from "../engine/store.ts";
import { unitKey } from "../engine/units.ts";
import type { Protocol, Scores } from "../config/types.ts";
import { readPublished } from "./published.ts";
import { formatMeanStd } from "./wide_table.ts";
import { judgeDirections, PAPER_DIRECTIONS, renderVerdicts, VERDICTS_FILES } from "./verdicts.ts";

const TYPES = [["MaE", "mae"], ["ME", "me"], ["overall", "overall"]] as const;

/** Parses a CSV written by the table builders (quoted cells with doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const cells: string[] = [];
    let cur = "", quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"', i++);
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") (cells.push(cur), cur = "");
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

/**
 * Verifies `<dir>/manifest.json` and everything it names. With `checkHashes` (default), each table's experiment file
 * is resolved again (no data is prepared) to confirm the config hashes.
 */
export async function verifyPublished(dir: string, options: { checkHashes?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  let m;
  try {
    m = await readPublished(dir);
  } catch (e) {
    return [(e as Error).message];
  }
  if (!m) return [`${dir}/manifest.json: missing; write it with deno task publish`];
  for (const t of m.tables) {
    const where = `${dir}/${t.csv}`;
    let csv: string[][];
    try {
      csv = parseCsv(await Deno.readTextFile(where));
    } catch (e) {
      problems.push(`${where}: unreadable (${(e as Error).message})`);
      continue;
    }
    const [header, ...rows] = csv;
    const protocols = [
      ...new Set(
        header.filter((h) => h.includes(": ") && h.endsWith(" F1") && !h.startsWith("paper")).map((h) =>
          h.split(": ")[0]
        ),
      ),
    ] as Protocol[];
    for (const row of rows) {
      const cell = t.cells.find((c) => c.label === row[0]);
      if (!cell) {
        problems.push(`${where}: row "${row[0]}" has no cell in the manifest`);
        continue;
      }
      for (const p of protocols) {
        const perSeed = Object.values(cell.scores[p] ?? {}) as Scores[];
        for (const [label, key] of TYPES) {
          const col = header.indexOf(`${p}: ${label} F1`);
          const digits = (row[col].split(" ± ")[0].split(".")[1] ?? "").length;
          const want = formatMeanStd(perSeed.map((s) => s[key].f1), digits);
          if (row[col] !== want) {
            problems.push(`${where}: "${row[0]}" ${p} ${label} F1 is ${row[col]}, the manifest gives ${want}`);
          }
        }
      }
      const countsCol = header.findIndex((h) => h.startsWith("TP / pred / GT"));
      if (countsCol >= 0 && protocols.length) {
        const s = Object.values(cell.scores[protocols[0]] ?? {}) as Scores[];
        const want = s.length
          ? (["tp", "n_pred", "n_gt"] as const).map((k) => s.reduce((a, x) => a + x.overall[k], 0)).join(" / ")
          : "–";
        if (row[countsCol] !== want) {
          problems.push(`${where}: "${row[0]}" counts are ${row[countsCol]}, the manifest gives ${want}`);
        }
      }
    }
    for (const c of t.cells) {
      if (c.seeds.length && !rows.some((r) => r[0] === c.label)) {
        problems.push(`${where}: cell "${c.label}" is missing`);
      }
    }
    if (options.checkHashes === false) continue;
    let cells;
    try {
      cells = (await planSweep(await loadExperiment(t.source), { results: dir, prepare: false })).cells;
    } catch (e) {
      problems.push(`${t.experiment}: cannot resolve ${t.source || "its experiment file"} (${(e as Error).message})`);
      continue;
    }
    for (const c of t.cells) {
      const now = cells.find((x) => x.label === c.label);
      if (!now) {
        problems.push(`${t.experiment}: cell "${c.label}" is no longer in ${t.source}`);
        continue;
      }
      if (now.key !== c.configHash) {
        problems.push(
          `${t.experiment}: cell "${c.label}" config hash ${c.configHash}, ${t.source} resolves to ${now.key}`,
        );
      }
      for (const u of c.units) {
        const key = await unitKey(now, u.seed, u.fold);
        if (key !== u.key) {
          problems.push(
            `${t.experiment}: "${c.label}" seed ${u.seed} fold ${u.fold}: unit key ${u.key}, recomputed ${key}`,
          );
        }
        const rec = await readUnitRecord(unitPath(runDir(dir, t.experiment, now, u.seed), u.fold), u.key);
        if (!rec) {
          problems.push(`${t.experiment}: "${c.label}" seed ${u.seed} fold ${u.fold}: no unit record in the store`);
        }
      }
    }
  }
  if (m.tables.some((t) => PAPER_DIRECTIONS.some((d) => d.experiment === t.experiment))) {
    const want = renderVerdicts(judgeDirections(m.tables));
    for (const kind of ["markdown", "csv"] as const) {
      const path = `${dir}/${VERDICTS_FILES[kind]}`;
      const got = await Deno.readTextFile(path).catch(() => null);
      if (got === null) problems.push(`${path}: missing; write it with deno task publish`);
      else if (got !== want[kind]) problems.push(`${path}: differs from the verdicts the manifest's scores give`);
    }
  }
  for (const f of m.figures) {
    for (const p of [f.svg, f.png]) {
      try {
        await Deno.stat(`${dir}/${p}`);
      } catch {
        problems.push(`${dir}/${p}: figure file missing`);
      }
    }
  }
  return problems;
}
