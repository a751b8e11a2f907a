/** A span of text with the number of codes painted over it. */
interface Span {
  start: number;
  end: number;
  tags: string[];
}

/**
 * Stretches of text where more than one code is painted: two annotations overlap, or one
 * annotation carries several codes. Translucent colours layer there, which alone is hard to read,
 * so the reader marks them too. One sweep over start/end events, O(n log n).
 */
export function multiCodeStretches(spans: Iterable<Span>): Array<[number, number]> {
  const events: Array<[number, number]> = [];
  for (const span of spans) {
    if (span.end <= span.start) continue;
    const weight = Math.max(1, span.tags.length);
    events.push([span.start, weight], [span.end, -weight]);
  }
  // Ends before starts at the same offset, so touching passages do not count as overlapping.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const result: Array<[number, number]> = [];
  let depth = 0;
  let openedAt = -1;
  for (const [offset, delta] of events) {
    const before = depth;
    depth += delta;
    if (before < 2 && depth >= 2) openedAt = offset;
    else if (before >= 2 && depth < 2 && offset > openedAt) {
      const last = result[result.length - 1];
      if (last && last[1] === openedAt) last[1] = offset;
      else result.push([openedAt, offset]);
    }
  }
  return result;
}
