/**
 * Reading `.xlsx` and `.xls` annotation workbooks with SheetJS (`xlsx`), as rows of raw cell values.
 * Used by the SAMM-LV, CAS(ME)^2 and CAS(ME)^3 adapters (datasets-and-protocol §4).
 *
 * @module
 */
import { osReason } from "../io/os_error.ts";
import * as XLSX from "xlsx";

/** A raw cell: number, text, boolean or `null` for an empty cell. */
export type Cell = string | number | boolean | null;

/** A workbook opened by {@link readWorkbook}. */
export interface Workbook {
  /** Path of the file (for messages). */
  path: string;
  /** Sheet names in file order. */
  sheetNames: string[];
  /** Rows of a sheet (row 1 of the sheet is index 0; empty cells are `null`, trailing ones may be absent). */
  sheet(name: string): Cell[][];
  /** Whether the workbook has a sheet of that name (case and surrounding spaces ignored). */
  has(name: string): boolean;
}

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Decodes workbook bytes (`.xlsx`, `.xls`, `.csv`); `path` names the file in errors.
 * Asking for a missing sheet throws an Error listing the sheets that exist.
 *
 * @example
 * ```ts
 * import * as XLSX from "xlsx";
 * const wb = XLSX.utils.book_new();
 * XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["a", 1]]), "S");
 * const book = decodeWorkbook(new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" })), "t.xlsx");
 * book.sheet("S"); // [["a", 1]]
 * ```
 */
export function decodeWorkbook(bytes: Uint8Array, path: string): Workbook {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: "array", cellDates: false, dense: false });
  } catch (e) {
    throw new Error(`${path}: not a readable spreadsheet (${(e as Error).message}); re-save it as .xlsx`);
  }
  if (!wb.SheetNames.length) throw new Error(`${path}: the workbook has no sheets`);
  const find = (name: string) => wb.SheetNames.find((s) => norm(s) === norm(name));
  return {
    path,
    sheetNames: [...wb.SheetNames],
    has: (name) => find(name) !== undefined,
    sheet(name: string): Cell[][] {
      const real = find(name);
      if (real === undefined) {
        throw new Error(`${path}: no sheet "${name}" (sheets: ${wb.SheetNames.join(", ")})`);
      }
      const ws = wb.Sheets[real];
      if (!ws["!ref"]) return [];
      // Start at A1 so that index i is always spreadsheet row i + 1, wherever the used range begins.
      const end = XLSX.utils.decode_range(ws["!ref"]).e;
      const range = { s: { r: 0, c: 0 }, e: end };
      return XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true, range });
    },
  };
}

/** Reads a workbook file; a missing or unreadable file is an Error naming it. */
export async function readWorkbook(path: string): Promise<Workbook> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(`cannot read spreadsheet ${path}: ${osReason(e)}`);
  }
  return decodeWorkbook(bytes, path);
}
