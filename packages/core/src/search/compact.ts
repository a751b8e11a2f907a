import { PARAGRAPH_MARK } from "./fold.ts";
import type { OriginRuns } from "./origin.ts";
import { type PreparedText, paragraphMarksOf } from "./prepared.ts";
import { type Words, wordsOf } from "./words.ts";

/**
 * A preparation (prepared.ts) in the compact layout a search pack holds (packs.ts): the same
 * folded text, origin runs and words, in about half the bytes of the per-version object, and
 * decoded in a fraction of its time, because what a cold search spends is reading and decoding.
 *
 * - The folded text is one byte a unit when every unit is below 256 (Latin script with its
 *   diacritics folded away: nearly all of it), the paragraph mark written as byte 0 (a folded text
 *   holding U+0000 takes the other form); else UTF-16LE, two bytes a unit (Arabic, Thai, Burmese…,
 *   where UTF-8 takes two or three). Either decodes with a copy (`latin1`, `utf16le`), where
 *   UTF-8 needed a real decode (measured: 0.4–0.6 against 6.6–11 ms/MB, docs/search.md).
 * - Words are a byte each in the usual case: the gap from the previous word's end (0–2) in the top
 *   two bits, the length (1–63) in the others; else the byte 0xC0 and both as LEB128 varints.
 *   They are decoded on first use only (a phrase search never needs them), and should the bytes
 *   not decode, the text is segmented here, which gives the same words (they are `wordsOf` the
 *   folded text by construction).
 * - The case-sensitive folding, when the builder had the canonical text: the units where it
 *   differs from the stored folding (the letters `cased.ts` puts back in case), each as two
 *   varints, the gap from the previous one and the unit. So a first case-sensitive search needs
 *   no canonical text (a GET per document); without them (an entry built without the canonical
 *   text, or a text `casedText` cannot derive) the shard derives it from the canonical text as
 *   before.
 *
 * Layout (little-endian): uint32 canonical length, folded length n, run count r, word count w,
 * word byte count b, case unit count c (0xFFFFFFFF: none stored), case byte count k; uint8 text
 * form (0 one byte a unit, 1 UTF-16LE); the text (n or 2n bytes); r int32 run starts (folded),
 * r int32 run origins (canonical); b bytes of words; k bytes of case units.
 */
const HEADER = 7 * 4 + 1;
const NO_CASE = 0xffffffff;
const ONE_BYTE = 0;
const TWO_BYTES = 1;
const ESCAPE = 0xc0;
const MARK = PARAGRAPH_MARK.charCodeAt(0);

const asBytes = (values: Int32Array) =>
  new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

function fitsOneByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code > 0xff && code !== MARK) || code === 0) return false;
  }
  return true;
}

function textBytes(text: string): { form: number; bytes: Uint8Array } {
  if (!fitsOneByte(text)) return { form: TWO_BYTES, bytes: Buffer.from(text, "utf16le") };
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code === MARK ? 0 : code;
  }
  return { form: ONE_BYTE, bytes };
}

function pushVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
}

function wordBytes(words: Words): Uint8Array {
  const out: number[] = [];
  let end = 0;
  for (let i = 0; i < words.starts.length; i++) {
    const gap = words.starts[i]! - end;
    const length = words.ends[i]! - words.starts[i]!;
    if (gap >= 0 && gap <= 2 && length >= 1 && length <= 63) out.push((gap << 6) | length);
    else {
      out.push(ESCAPE);
      pushVarint(out, gap);
      pushVarint(out, length);
    }
    end = words.ends[i]!;
  }
  return Uint8Array.from(out);
}

/** The units where `cased` differs from `loose` (of the same length), as gap and unit varints. */
function caseBytes(loose: string, cased: string): { count: number; bytes: Uint8Array } {
  const out: number[] = [];
  let count = 0;
  let next = 0;
  for (let i = 0; i < loose.length; i++) {
    const unit = cased.charCodeAt(i);
    if (unit === loose.charCodeAt(i)) continue;
    pushVarint(out, i - next);
    pushVarint(out, unit);
    next = i + 1;
    count++;
  }
  return { count, bytes: Uint8Array.from(out) };
}

/**
 * The compact bytes of a preparation, with its case-sensitive folding when given (`casedText`
 * of the canonical text: null or absent when there is none to store).
 */
export function encodeCompact(prepared: PreparedText, cased?: string | null): Uint8Array {
  const { runs, words } = prepared;
  const text = textBytes(prepared.text);
  const wordsPart = wordBytes(words);
  const casePart =
    typeof cased === "string" && cased.length === prepared.text.length
      ? caseBytes(prepared.text, cased)
      : { count: NO_CASE, bytes: new Uint8Array() };
  const r = runs.folded.length;
  const bytes = new Uint8Array(
    HEADER + text.bytes.length + 8 * r + wordsPart.length + casePart.bytes.length,
  );
  const view = new DataView(bytes.buffer);
  [
    runs.end,
    runs.length,
    r,
    words.starts.length,
    wordsPart.length,
    casePart.count,
    casePart.bytes.length,
  ].forEach((value, i) => {
    view.setUint32(i * 4, value, true);
  });
  bytes[HEADER - 1] = text.form;
  let at = HEADER;
  // Typed-array copies are the platform's byte order: little-endian on every Lambda and Node
  // target (x86-64, arm64), which the layout assumes (as prepared.ts's does).
  const parts = [
    text.bytes,
    asBytes(runs.folded),
    asBytes(runs.canonical),
    wordsPart,
    casePart.bytes,
  ];
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * The text of the one-byte form. With paragraph marks the string has to be two-byte anyway: the
 * bytes are widened with one typed-array copy, the marks put in, and the string made with one
 * copy, which measured faster than a Latin-1 string and `replaceAll` (whose result V8 flattens on
 * the first `indexOf`, in the scan): 2.9–4.2 against 3.3–5.1 ms/MB, decode and first scan, under load.
 */
function oneByteText(raw: Buffer): string {
  let mark = raw.indexOf(0);
  if (mark === -1) return raw.toString("latin1");
  const wide = new Uint16Array(raw.length);
  wide.set(raw);
  for (; mark !== -1; mark = raw.indexOf(0, mark + 1)) wide[mark] = MARK;
  return Buffer.from(wide.buffer, 0, wide.byteLength).toString("utf16le");
}

/** A copy, so the int32 view is aligned whatever the offset of the bytes read. */
const int32s = (bytes: Uint8Array, from: number, count: number) =>
  new Int32Array(bytes.slice(from, from + count * 4).buffer);

/** Reads LEB128 varints from `bytes`; -1 past the end or for a value over 32 bits. */
function varintReader(bytes: Uint8Array): { next: () => number; at: () => number } {
  let at = 0;
  return {
    next() {
      let value = 0;
      let shift = 0;
      let byte: number;
      do {
        if (at >= bytes.length || shift > 28) return -1;
        byte = bytes[at++]!;
        value |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      return value >>> 0;
    },
    at: () => at,
  };
}

/**
 * The case-sensitive folding: `loose` with the stored units put in; null when the bytes are not
 * `count` units inside the text.
 */
function casedOf(loose: string, bytes: Uint8Array, count: number): string | null {
  const units = Buffer.alloc(2 * loose.length);
  units.write(loose, "utf16le");
  const reader = varintReader(bytes);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const gap = reader.next();
    const unit = reader.next();
    if (gap < 0 || unit < 0 || unit > 0xffff || next + gap >= loose.length) return null;
    units.writeUInt16LE(unit, 2 * (next + gap));
    next += gap + 1;
  }
  return reader.at() === bytes.length ? units.toString("utf16le") : null;
}

/** The words of compact word bytes, or null when they are not `count` words within `length`. */
export function decodeWords(
  bytes: Uint8Array,
  count: number,
  length: number,
): { starts: Int32Array; ends: Int32Array } | null {
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let at = 0;
  let end = 0;
  for (let i = 0; i < count; i++) {
    if (at >= bytes.length) return null;
    const byte = bytes[at++]!;
    let gap = byte >> 6;
    let size = byte & 0x3f;
    if (gap === 3) {
      // The two varints after the escape.
      const reader = varintReader(bytes.subarray(at));
      gap = reader.next();
      size = reader.next();
      if (gap < 0 || size < 0) return null;
      at += reader.at();
    }
    starts[i] = end + gap;
    end += gap + size;
    ends[i] = end;
  }
  if (at !== bytes.length || end > length) return null;
  return { starts, ends };
}

/**
 * The preparation compact bytes hold; null when they are not one of a text of `canonicalLength`
 * units (any length that does not add up, runs that do not start at 0 or run past the text).
 */
export function decodeCompact(bytes: Uint8Array, canonicalLength: number): PreparedText | null {
  if (bytes.length < HEADER) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (i: number) => view.getUint32(i * 4, true);
  const [end, n, r, w, b, c, k] = [u32(0), u32(1), u32(2), u32(3), u32(4), u32(5), u32(6)];
  const form = bytes[HEADER - 1];
  if (end !== canonicalLength || (form !== ONE_BYTE && form !== TWO_BYTES)) return null;
  const textLength = form === ONE_BYTE ? n : 2 * n;
  if (bytes.length !== HEADER + textLength + 8 * r + b + k) return null;
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + HEADER, textLength);
  const text = form === ONE_BYTE ? oneByteText(raw) : raw.toString("utf16le");
  let at = HEADER + textLength;
  const runs: OriginRuns = {
    folded: int32s(bytes, at, r),
    canonical: int32s(bytes, at + 4 * r, r),
    length: n,
    end,
  };
  at += 8 * r;
  if (n > 0 && (r === 0 || runs.folded[0] !== 0)) return null;
  const last = r - 1;
  if (last >= 0 && runs.canonical[last]! + (n - runs.folded[last]!) > end) return null;
  // Copied out, so the pack's bytes are not kept alive by a cached entry whose words wait unread.
  const packed = bytes.slice(at, at + b);
  const caseUnits = c === NO_CASE ? null : bytes.slice(at + b, at + b + k);
  let words: Words | undefined;
  return {
    text,
    runs,
    cased: () => (caseUnits ? casedOf(text, caseUnits, c) : null),
    get words() {
      if (!words) {
        const decoded = decodeWords(packed, w, n);
        words = decoded
          ? { ...decoded, paragraphMarks: paragraphMarksOf(text) }
          : wordsOf({ text });
      }
      return words;
    },
  };
}
