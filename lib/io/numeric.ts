/**
 * Strict reading of numbers written in annotation and proposal files. JavaScript's `Number()` also accepts
 * `0x7B`, `0b11`, `1e2`, `Infinity` and whitespace-only text; a frame cell written that way is almost always a
 * corrupted or mis-exported file, so these readers take plain decimal notation only.
 *
 * @module
 */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const SCIENTIFIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell as an integer written in plain decimal digits (optional sign, surrounding spaces ignored); NaN for
 * anything else (`""`, `1.5`, `1e2`, `0x7B`).
 *
 * @example
 * ```ts
 * parseIntegerCell(" 42 "); // 42
 * Number.isNaN(parseIntegerCell("0x7B")); // true
 * ```
 */
export function parseIntegerCell(s: string): number {
  const t = s.trim();
  return INTEGER.test(t) ? Number(t) : NaN;
}

/**
 * A cell as a decimal number (`12`, `566.4`, `-3`, `.5`); NaN for exponents, hexadecimal and other notations.
 * Used for frame numbers, which some releases write with a fraction (SAMM-LV).
 */
export function parseDecimalCell(s: string): number {
  const t = s.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/**
 * A cell as a real number in decimal or scientific notation (`0.93`, `1e-5`); NaN for hexadecimal, binary,
 * `Infinity` and empty text. Used for scores and probabilities, which exporters write in either notation.
 */
export function parseRealCell(s: string): number {
  const t = s.trim();
  return SCIENTIFIC.test(t) ? Number(t) : NaN;
}
