import type { AnchorQuote, Block, Match, TextChange } from "./types.ts";

/*
 * Alignment of two versions of a text (the unchanged runs, lines that moved), the offset mapping
 * built on it, and step 1 of re-anchoring, which trusts an unchanged run.
 */

/**
 * Lines shorter than this are not used as anchors of the alignment: "Notes", "Table 3" or a page
 * number can be unique in both versions and still be different lines; 20 characters is about four
 * words, beyond which two versions of a report sharing a line by accident is rare. Short lines
 * between anchors are still matched character by character when they did not change.
 */
const MIN_ANCHOR_LINE = 20;

interface Line {
  start: number;
  end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let at = 0; at <= text.length; ) {
    const next = text.indexOf("\n", at);
    const end = next === -1 ? text.length : next;
    lines.push({ start: at, end });
    if (next === -1) break;
    at = next + 1;
  }
  return lines;
}

/** Indices (into `values`) of a longest strictly increasing subsequence, O(n log n). */
function longestIncreasing(values: number[]): number[] {
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const result: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i !== -1; i = previous[i]!) {
    result.push(i);
  }
  return result.reverse();
}

/**
 * Line-level alignment of two texts, linear apart from one sort: lines of at least
 * MIN_ANCHOR_LINE characters that occur exactly once in each text are paired (a hash join), the
 * longest run of pairs in the same order in both texts is kept (patience diff's anchors), and each
 * pair is grown character by character towards its neighbours, which also yields the common head
 * and tail and the unchanged parts of edited paragraphs. Unique pairs out of that order are
 * paragraphs that moved.
 */
function align(oldText: string, newText: string): { blocks: Block[]; moved: Block[] } {
  const oldLines = linesOf(oldText);
  const newLines = linesOf(newText);
  // Line text → its index in the old text, or -1 when it is not unique there.
  const inOld = new Map<string, number>();
  oldLines.forEach((line, i) => {
    if (line.end - line.start < MIN_ANCHOR_LINE) return;
    const key = oldText.slice(line.start, line.end);
    inOld.set(key, inOld.has(key) ? -1 : i);
  });
  const inNew = new Map<string, number>();
  newLines.forEach((line, j) => {
    if (line.end - line.start < MIN_ANCHOR_LINE) return;
    const key = newText.slice(line.start, line.end);
    if (!inOld.has(key) || inOld.get(key) === -1) return;
    inNew.set(key, inNew.has(key) ? -1 : j);
  });
  const pairs: Array<[number, number]> = [];
  for (const [key, j] of inNew) if (j !== -1) pairs.push([inOld.get(key)!, j]);
  pairs.sort((a, b) => a[0] - b[0]);
  const kept = new Set(longestIncreasing(pairs.map((p) => p[1])));
  const lineBlock = ([i, j]: [number, number]): Block => ({
    oldStart: oldLines[i]!.start,
    newStart: newLines[j]!.start,
    length: oldLines[i]!.end - oldLines[i]!.start,
  });
  const anchors: Block[] = [{ oldStart: 0, newStart: 0, length: 0 }];
  const moved: Block[] = [];
  pairs.forEach((pair, k) => {
    (kept.has(k) ? anchors : moved).push(lineBlock(pair));
  });
  anchors.push({ oldStart: oldText.length, newStart: newText.length, length: 0 });

  // Grow each anchor backwards up to the previous one, merging runs on the same diagonal.
  const grown: Block[] = [];
  for (const anchor of anchors) {
    let { oldStart, newStart, length } = anchor;
    const last = grown[grown.length - 1];
    const oldMin = last ? last.oldStart + last.length : 0;
    const newMin = last ? last.newStart + last.length : 0;
    while (
      oldStart > oldMin &&
      newStart > newMin &&
      oldText.charCodeAt(oldStart - 1) === newText.charCodeAt(newStart - 1)
    ) {
      oldStart--;
      newStart--;
      length++;
    }
    if (last && oldStart === oldMin && newStart === newMin) last.length += length;
    else grown.push({ oldStart, newStart, length });
  }
  // Then forwards up to the next one.
  for (let k = 0; k < grown.length; k++) {
    const block = grown[k]!;
    const next = grown[k + 1];
    const oldMax = next ? next.oldStart : oldText.length;
    const newMax = next ? next.newStart : newText.length;
    while (
      block.oldStart + block.length < oldMax &&
      block.newStart + block.length < newMax &&
      oldText.charCodeAt(block.oldStart + block.length) ===
        newText.charCodeAt(block.newStart + block.length)
    ) {
      block.length++;
    }
  }
  const blocks: Block[] = [];
  for (const block of grown) {
    const last = blocks[blocks.length - 1];
    if (
      last &&
      last.oldStart + last.length === block.oldStart &&
      last.newStart + last.length === block.newStart
    ) {
      last.length += block.length;
    } else if (block.length > 0) {
      blocks.push(block);
    }
  }
  return { blocks, moved };
}

/**
 * How `oldText` became `newText`: the common head and tail and a line-level alignment (see
 * `align`). Computed once per pair of versions and shared by all of a document's annotations;
 * 20–40 ms for two 1 MB texts.
 */
export function diffEnds(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  let head = 0;
  while (head < max && oldText.charCodeAt(head) === newText.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < max - head &&
    oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  ) {
    tail++;
  }
  const change = { head, tail, oldLength: oldText.length, newLength: newText.length };
  if (head === oldText.length && head === newText.length) return change;
  return { ...change, ...align(oldText, newText) };
}

/** The block of `blocks` (sorted by old offset) whose old run contains `offset`, or the index of
 * the last block starting at or before it (−1 when none does). */
export function blockBefore(blocks: Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.oldStart <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Where an old offset most likely is in the new text (exact inside unchanged runs). */
export function mapOffset(change: TextChange, offset: number): number {
  const { head, tail, oldLength, newLength, blocks, moved } = change;
  if (blocks) {
    const k = blockBefore(blocks, offset);
    const before = blocks[k];
    if (before && offset < before.oldStart + before.length) {
      return before.newStart + offset - before.oldStart;
    }
    const m = moved ? blockBefore(moved, offset) : -1;
    const line = moved?.[m];
    if (line && offset < line.oldStart + line.length) return line.newStart + offset - line.oldStart;
    // Between two unchanged runs: assume the change is spread evenly over the gap.
    const after = blocks[k + 1];
    const oldFrom = before ? before.oldStart + before.length : 0;
    const newFrom = before ? before.newStart + before.length : 0;
    const oldTo = after ? after.oldStart : oldLength;
    const newTo = after ? after.newStart : newLength;
    return (
      newFrom + Math.round(((offset - oldFrom) * (newTo - newFrom)) / Math.max(1, oldTo - oldFrom))
    );
  }
  if (offset <= head) return offset;
  if (offset >= oldLength - tail) return offset + (newLength - oldLength);
  // Inside the changed region: assume the change is spread evenly over it.
  const oldChanged = oldLength - tail - head;
  const newChanged = newLength - tail - head;
  return head + Math.round(((offset - head) * newChanged) / Math.max(1, oldChanged));
}

/**
 * Step 1, position: the passage lies in a run of text that did not change (the head, the tail, or
 * any run the alignment kept in order), so it is still there, character for character, at its
 * old offset shifted by the changes before it.
 */
export function anchorByPosition(change: TextChange, quote: AnchorQuote): Match | null {
  if (change.blocks) {
    const block = change.blocks[blockBefore(change.blocks, quote.start)];
    if (!block || quote.end > block.oldStart + block.length) return null;
    const shift = block.newStart - block.oldStart;
    return { start: quote.start + shift, end: quote.end + shift, score: 1, method: "position" };
  }
  if (quote.end <= change.head) {
    return { start: quote.start, end: quote.end, score: 1, method: "position" };
  }
  if (quote.start >= change.oldLength - change.tail) {
    const shift = change.newLength - change.oldLength;
    return { start: quote.start + shift, end: quote.end + shift, score: 1, method: "position" };
  }
  return null;
}
