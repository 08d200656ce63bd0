/**
 * Digests as lowercase hex: one helper for every hash SpotKit records (feature caches, cell keys, probability
 * files, model files, decoded-video folders).
 *
 * @module
 */

/** Lowercase hex of bytes. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}

/**
 * Hex digest (`SHA-256` unless `algorithm` says otherwise) of bytes or of a string's UTF-8 bytes.
 *
 * @example
 * ```ts
 * await digestHex("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function digestHex(data: Uint8Array | string, algorithm = "SHA-256"): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return toHex(await crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>));
}
