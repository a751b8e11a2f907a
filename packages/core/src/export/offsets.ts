/**
 * Offsets in Gloss are UTF-16 code units (JavaScript string indices, the browser's unit). W3C
 * TextPositionSelector and REFI-QDA PlainTextSelection count characters as Unicode code points,
 * so an emoji (one code point, two UTF-16 units) shifts every later offset by one. This index
 * converts both ways in O(log a), where a is the number of astral characters (outside the BMP) in
 * the text; its memory is proportional to those characters only, usually a handful.
 */
export class CodePointIndex {
  /** UTF-16 offsets at which an astral character (a surrogate pair) starts, ascending. */
  private readonly astral: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.text.length - this.astral.length;
  }

  /** The code point offset of a UTF-16 offset (one that does not split a surrogate pair). */
  toCodePoint(utf16: number): number {
    return utf16 - countBelow(this.astral, (i) => this.astral[i]! < utf16);
  }

  /** The UTF-16 offset of a code point offset; values past the end map past the end. */
  toUtf16(codePoint: number): number {
    // The i-th astral character sits at code point astral[i] - i.
    return codePoint + countBelow(this.astral, (i) => this.astral[i]! - i < codePoint);
  }
}

/** How many leading elements satisfy a predicate that holds for a prefix of the array. */
function countBelow(array: readonly number[], holds: (index: number) => boolean): number {
  let low = 0;
  let high = array.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (holds(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}
