/**
 * A seeded edit model for a new version of a report: word insertions, deletions and substitutions
 * inside paragraphs, paragraphs deleted, moved elsewhere and newly written. It returns the new
 * text and, for every character of the old text, where it went (-1 when it was deleted): the
 * ground truth re-anchoring is judged against.
 */
import { random } from "../lib/random.ts";

export interface EditRates {
  /** Share of paragraphs with word-level edits (1–4 each). */
  edited: number;
  /** Share of paragraphs deleted. */
  deleted: number;
  /** Share of paragraphs moved to another place in the text. */
  moved: number;
  /** New paragraphs written, per old paragraph. */
  inserted: number;
}

/** About what a revised edition of a long report looks like: most text untouched. */
export const DEFAULT_RATES: EditRates = { edited: 0.2, deleted: 0.02, moved: 0.03, inserted: 0.02 };

export interface EditedText {
  text: string;
  /** Old offset → new offset, -1 for deleted characters. */
  map: Int32Array;
  counts: {
    paragraphs: number;
    edited: number;
    deleted: number;
    moved: number;
    inserted: number;
    wordEdits: number;
  };
}

type Segment = { from: number; to: number } | { insert: string };

const WORDS = (
  "revised according ministry statement confirmed denied several dozens hundreds alleged " +
  "reportedly further later earlier between during within provincial district authorities"
).split(" ");

export function editText(old: string, seed: number, rates: EditRates = DEFAULT_RATES): EditedText {
  const rand = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");

  // Paragraph spans of the old text.
  const spans: Array<[number, number]> = [];
  for (let at = 0; at <= old.length; ) {
    const next = old.indexOf("\n\n", at);
    const end = next === -1 ? old.length : next;
    spans.push([at, end]);
    if (next === -1) break;
    at = next + 2;
  }
  const counts = {
    paragraphs: spans.length,
    edited: 0,
    deleted: 0,
    moved: 0,
    inserted: 0,
    wordEdits: 0,
  };

  /** A paragraph with 1–4 word-level edits, as segments of old text and inserted words. */
  const editParagraph = (from: number, to: number): Segment[] => {
    const starts: number[] = [];
    for (let i = from; i < to; i++) if (i === from || old[i - 1] === " ") starts.push(i);
    // Only words followed by a space are edited, so no edit touches the paragraph's end.
    const candidates = starts.slice(0, -1);
    const n = Math.min(candidates.length, 1 + Math.floor(rand() * 4));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(rand() * candidates.length));
    const segments: Segment[] = [];
    let cursor = from;
    for (const w of [...chosen].sort((a, b) => a - b)) {
      const wordStart = candidates[w]!;
      if (wordStart < cursor) continue;
      const wordEnd = starts[w + 1]!; // start of the next word: the word and its space
      segments.push({ from: cursor, to: wordStart });
      const kind = rand();
      if (kind < 1 / 3) {
        segments.push({ insert: `${words(1 + Math.floor(rand() * 3))} ` });
        cursor = wordStart;
      } else if (kind < 2 / 3) {
        const span = 1 + Math.floor(rand() * 3);
        cursor = starts[Math.min(w + span, starts.length - 1)]!;
      } else {
        segments.push({ insert: `${pick(WORDS)} ` });
        cursor = wordEnd;
      }
      counts.wordEdits++;
    }
    segments.push({ from: cursor, to });
    return segments;
  };

  const kept: Segment[][] = [];
  const movedOut: Segment[][] = [];
  for (const [from, to] of spans) {
    const r = rand();
    let paragraph: Segment[] = [{ from, to }];
    if (r < rates.deleted) {
      counts.deleted++;
      continue;
    }
    if (rand() < rates.edited) {
      paragraph = editParagraph(from, to);
      counts.edited++;
    }
    if (r < rates.deleted + rates.moved) {
      movedOut.push(paragraph);
      counts.moved++;
    } else {
      kept.push(paragraph);
    }
    if (rand() < rates.inserted) {
      const sentence = words(12 + Math.floor(rand() * 20));
      kept.push([{ insert: `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.` }]);
      counts.inserted++;
    }
  }
  for (const paragraph of movedOut) {
    kept.splice(Math.floor(rand() * (kept.length + 1)), 0, paragraph);
  }

  const map = new Int32Array(old.length).fill(-1);
  const parts: string[] = [];
  let length = 0;
  kept.forEach((paragraph, i) => {
    if (i > 0) {
      parts.push("\n\n");
      length += 2;
    }
    for (const segment of paragraph) {
      if ("insert" in segment) {
        parts.push(segment.insert);
        length += segment.insert.length;
      } else {
        for (let k = segment.from; k < segment.to; k++) map[k] = length + k - segment.from;
        parts.push(old.slice(segment.from, segment.to));
        length += segment.to - segment.from;
      }
    }
  });
  return { text: parts.join(""), map, counts };
}

/**
 * Where a passage [start, end) of the old text should be found in the new one: the span of its
 * largest surviving cluster (characters still in order, at most a few words apart), or null when
 * less than half of it survives there (the passage is gone; orphaning it is right).
 */
export function truth(
  map: Int32Array,
  start: number,
  end: number,
): { start: number; end: number } | null {
  let best: { start: number; end: number; kept: number } | null = null;
  let current: { start: number; end: number; kept: number } | null = null;
  for (let i = start; i < end; i++) {
    const to = map[i]!;
    if (to < 0) continue;
    // Inserted words (≤ 3 of ~8 characters) separate the survivors of one passage by far less.
    if (current && to > current.end - 1 && to - current.end <= 40) {
      current.end = to + 1;
      current.kept++;
    } else {
      current = { start: to, end: to + 1, kept: 1 };
    }
    if (!best || current.kept > best.kept) best = current;
  }
  return best && best.kept >= (end - start) / 2 ? { start: best.start, end: best.end } : null;
}
