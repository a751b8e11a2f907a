/** Where a passage was: a W3C TextPositionSelector + TextQuoteSelector in the old text. */
export interface AnchorQuote {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Match {
  start: number;
  end: number;
  /** 0…1, how sure the match is; 1 for an unchanged region. */
  score: number;
  /** Which step placed it: the unchanged text around it, the exact quote, or fuzzy matching. */
  method: "position" | "quote" | "fuzzy";
}

/** A run of characters that is the same in both texts: old[oldStart…) equals new[newStart…). */
export interface Block {
  oldStart: number;
  newStart: number;
  length: number;
}

/**
 * How an old text became a new one. `head` and `tail` are the common prefix and suffix; `blocks`,
 * when present, is the line-level alignment `diffEnds` computes: unchanged runs of text in order
 * (head and tail included), and `moved` lines that reappear elsewhere. A `TextChange` built by
 * hand with only head and tail still works: everything between them then counts as changed.
 */
export interface TextChange {
  /** Length of the common prefix. */
  head: number;
  /** Length of the common suffix (not overlapping the head in either text). */
  tail: number;
  oldLength: number;
  newLength: number;
  /** Unchanged runs, increasing in both texts, not overlapping. */
  blocks?: Block[];
  /** Unique lines found again out of order (a paragraph moved), sorted by old offset. */
  moved?: Block[];
}

/** A candidate span with its quote similarity and combined score. */
export interface Scored {
  start: number;
  end: number;
  quote: number;
  score: number;
}
