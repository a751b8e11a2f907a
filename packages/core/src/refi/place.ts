import { CodePointIndex } from "../export/offsets.ts";
import { canonicalize } from "../text/index.ts";

/**
 * A source's text as the project file holds it and as Gloss stores it (canonical: NFC, LF,
 * paragraphs separated by a blank line). REFI positions count code points of the file's text;
 * Gloss offsets count UTF-16 units of the canonical text. Placing a selection converts one into
 * the other and checks the text, so a passage is placed exactly or not at all.
 */
export class SourceText {
  readonly canonical: string;
  private readonly index: CodePointIndex;
  /** Whether canonicalisation doubled single line breaks (rule 8): fragments must follow. */
  private readonly doubled: boolean;

  constructor(readonly raw: string) {
    this.canonical = canonicalize(raw);
    this.index = new CodePointIndex(raw);
    const lines = lineBreaks(raw);
    this.doubled =
      lines.includes("\n") && !lines.includes("\n\n") && this.canonical.includes("\n\n");
  }

  /** Length of the file's text in code points. */
  get length(): number {
    return this.index.length;
  }

  /**
   * The canonical UTF-16 range of a selection given in code points of the file's text, or why it
   * cannot be placed. `name` is the selection's name: most tools write the start of the quote
   * there, which tells code point from UTF-16 positions (they differ after an emoji) and catches
   * positions that point at other text.
   */
  place(
    start: number,
    end: number,
    name: string,
  ): { start: number; end: number } | { reason: string } {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
      return { reason: `its positions ${start}–${end} are not a range of characters` };
    }
    if (end > this.length) {
      return {
        reason: `its positions ${start}–${end} lie beyond the source's ${this.length} characters`,
      };
    }
    const byCodePoint = { a: this.index.toUtf16(start), b: this.index.toUtf16(end) };
    let range = byCodePoint;
    const label = quoteKey(name);
    if (label && !startsLike(this.raw.slice(range.a, range.b), label)) {
      if (end <= this.raw.length && startsLike(this.raw.slice(start, end), label)) {
        // The writer counted UTF-16 units (as JavaScript and .NET strings do).
        range = { a: start, b: end };
      } else if (label.length >= 8 && collapse(this.raw).includes(label)) {
        return {
          reason: `its name “${name.slice(0, 80)}” is text of the source, but not the text at positions ${start}–${end}`,
        };
      }
      // Otherwise the name is a label ("Segment 3"), not a quote: the positions stand.
    }
    if (splitsPair(this.raw, range.a) || splitsPair(this.raw, range.b)) {
      return { reason: `its positions ${start}–${end} cut a character in two` };
    }
    const quote = this.raw.slice(range.a, range.b);
    if (this.canonical === this.raw) return { start: range.a, end: range.b };
    return this.toCanonical(range.a, quote);
  }

  /**
   * Finds a quote of the file's text in the canonical text: canonicalising the text before it
   * gives where it should start, and the canonical quote must be there. Canonicalisation only
   * drops or doubles a few characters near each change, so the search window is small (8 units)
   * and a match in it is this passage, not another occurrence.
   */
  private toCanonical(
    rawStart: number,
    quote: string,
  ): { start: number; end: number } | { reason: string } {
    const fragment = this.fragment(quote).trim();
    if (!fragment) return { reason: "it covers only spaces and line breaks" };
    const expected = this.fragment(this.raw.slice(0, rawStart)).replace(/^\s+/, "").length;
    const from = Math.max(0, expected - 8);
    const at = this.canonical.indexOf(fragment, from);
    if (at === -1 || at > expected + 8 + (quote.length - quote.trimStart().length)) {
      return {
        reason:
          "its text changes when the source is normalised (Unicode NFC, line breaks) and could not be placed exactly",
      };
    }
    return { start: at, end: at + fragment.length };
  }

  /** A piece of the file's text canonicalised as it reads inside the whole text. */
  private fragment(text: string): string {
    let out = text
      .replace(/\r\n?|\u0085|\u2028/g, "\n")
      .replace(/\u2029/g, "\n\n")
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters canonical text drops
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F]/g, "")
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n");
    if (this.doubled) out = out.replaceAll("\n", "\n\n");
    return out;
  }
}

function lineBreaks(text: string): string {
  return text
    .replace(/\r\n?|\u0085|\u2028/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/^\n+|\n+$/g, "");
}

/** Text compared loosely: whitespace runs as one space, NFC, trimmed. */
const collapse = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();

/** A selection name as a quote: collapsed, with a trailing ellipsis (a cut quote) removed. */
function quoteKey(name: string): string {
  return collapse(name).replace(/\s*(…|\.\.\.)$/, "");
}

function startsLike(text: string, key: string): boolean {
  const cut = collapse(text);
  return cut.startsWith(key) || (key.startsWith(cut) && cut.length > 0);
}

/** Whether a UTF-16 offset falls between the two halves of a surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
