/**
 * Bytes to text for the formats that arrive as text (HTML, Markdown, plain text), deciding the
 * encoding the way that loses nothing:
 * 1. a byte-order mark wins (UTF-8, UTF-16 LE/BE), as in browsers;
 * 2. bytes that decode as valid UTF-8 are UTF-8 whatever is declared: a multi-byte UTF-8 sequence
 *    is vanishingly unlikely in legacy-encoded prose, while pages saved as UTF-8 under an old
 *    `<meta charset=gb2312>` are common, and decoding them as declared is mojibake;
 * 3. otherwise the declared charset, with the labels browsers treat as windows-1252 (ISO-8859-1,
 *    Latin-1, US-ASCII) decoded as windows-1252;
 * 4. otherwise (undeclared, or a label no decoder knows) windows-1252, the web's legacy default.
 * windows-1252 is decoded by the table below, not by `TextDecoder`: Node 20's decoder maps
 * 0x80–0x9F to C1 controls, which canonical text strips, losing curly quotes, dashes, € and ….
 * Text that is UTF-8 read once as windows-1252 and saved again ("Ã©", "â€™") is repaired when the
 * whole text converts back cleanly.
 */

/** windows-1252's 0x80–0x9F (WHATWG Encoding table); the five unassigned bytes stay C1 codes. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Decodes windows-1252: ASCII and 0xA0–0xFF are Latin-1, 0x80–0x9F by the table. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  const chunk: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    chunk.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
    if (chunk.length === 8192) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

const CP1252_REVERSE = new Map(CP1252_HIGH.map((code, i) => [code, 0x80 + i]));

/** The windows-1252 bytes of a text, or null when a character has none. */
function encodeWindows1252(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_REVERSE.get(code);
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}

/** Labels browsers decode as windows-1252 (WHATWG Encoding, "windows-1252" labels). */
const WINDOWS_1252_LABELS = new Set([
  "ansi_x3.4-1968",
  "ascii",
  "cp1252",
  "cp819",
  "csisolatin1",
  "ibm819",
  "iso-8859-1",
  "iso-ir-100",
  "iso8859-1",
  "iso88591",
  "iso_8859-1",
  "iso_8859-1:1987",
  "l1",
  "latin1",
  "us-ascii",
  "windows-1252",
  "x-cp1252",
]);

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | (string & {});

export interface Decoded {
  text: string;
  /** The encoding the text was decoded from (after a repair, "utf-8"). */
  encoding: Encoding;
}

/** The encoding a byte-order mark names, with the mark's length. */
export function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: "utf-8", length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** The bytes as UTF-8, or null when they are not valid UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Classic double-encoding marks: a UTF-8 lead byte read as windows-1252, then a continuation. */
const MOJIBAKE =
  /[\u00C2-\u00F4][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/;

/**
 * UTF-8 that was once decoded as windows-1252 and stored again, undone: only when the text shows
 * the marks of it and all of it converts back to windows-1252 bytes that are valid UTF-8 (text
 * that really is Latin-1 prose almost never does: "Ã©" is not a French word).
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const bytes = encodeWindows1252(text);
  if (!bytes) return text;
  const repaired = strictUtf8(bytes);
  return repaired !== null && repaired.length < text.length ? repaired : text;
}

/** A decoder for a declared label, or null when the label names nothing Node can decode. */
function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return null;
  }
}

/**
 * Decodes text bytes, given the charset the file declares (null when it declares none). The
 * result keeps a leading BOM out; it never contains U+FFFD where the bytes were fine in some
 * encoding.
 */
export function decodeText(bytes: Uint8Array, declared: string | null = null): Decoded {
  const bom = bomOf(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    const text = new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(body);
    return { text: bom.encoding === "utf-8" ? repairMojibake(text) : text, encoding: bom.encoding };
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: repairMojibake(utf8), encoding: "utf-8" };
  const label = declared?.trim().toLowerCase() ?? "";
  if (label && !WINDOWS_1252_LABELS.has(label)) {
    const decoder = decoderFor(label);
    if (decoder && decoder.encoding !== "windows-1252" && decoder.encoding !== "utf-8") {
      try {
        return { text: decoder.decode(bytes), encoding: decoder.encoding };
      } catch {
        // Bytes that are not in the declared encoding: the declaration is wrong.
      }
    }
  }
  return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
}

/** Whether bytes open with a UTF-16 byte-order mark (text, though it holds NUL bytes). */
export const isUtf16 = (bytes: Uint8Array) => {
  const bom = bomOf(bytes);
  return bom !== null && bom.encoding !== "utf-8";
};
