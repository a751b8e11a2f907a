/**
 * A folded text's origin map (fold.ts: for every folded unit, the canonical offset it came from)
 * kept as runs instead of one int32 per unit. Inside a run each folded unit comes from the next
 * canonical unit (origin grows by exactly 1), which is most of any text: a run ends only where
 * folding changed lengths (a blank line became one mark, a space run one space, an accent was
 * dropped from a decomposed letter, "İ" became two units, a surrogate pair). So a 1 MB text of
 * prose has a few thousand runs (8 bytes each) instead of 4 MB of origins, in memory and in S3.
 */
export interface OriginRuns {
  /** Folded offset where each run starts, ascending; the first is 0. */
  folded: Int32Array;
  /** Canonical offset of each run's first unit. */
  canonical: Int32Array;
  /** The folded text's length. */
  length: number;
  /** The canonical text's length: the origin of the folded text's end. */
  end: number;
}

/** The runs of a full origin map (`origin.length` is the folded length + 1). */
export function compressOrigin(origin: Int32Array): OriginRuns {
  const length = origin.length - 1;
  const folded: number[] = [];
  const canonical: number[] = [];
  for (let k = 0; k < length; k++) {
    if (k === 0 || origin[k] !== origin[k - 1]! + 1) {
      folded.push(k);
      canonical.push(origin[k]!);
    }
  }
  return {
    folded: Int32Array.from(folded),
    canonical: Int32Array.from(canonical),
    length,
    end: origin[length]!,
  };
}

/** The canonical offset folded unit `k` came from (`k === length` gives the canonical length). */
export function originAt(runs: OriginRuns, k: number): number {
  if (k >= runs.length) return runs.end;
  let low = 0;
  let high = runs.folded.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (runs.folded[mid]! <= k) low = mid;
    else high = mid - 1;
  }
  return runs.canonical[low]! + (k - runs.folded[low]!);
}

/**
 * The canonical span of folded units `[from, to)`, exactly as `originSpan` (fold.ts) gives it
 * from the full map: the end runs over the rest of the last code point's expansion.
 */
export function runsSpan(
  runs: OriginRuns,
  from: number,
  to: number,
): { start: number; end: number } {
  const start = originAt(runs, from);
  const last = originAt(runs, to - 1);
  let k = to;
  while (k < runs.length && originAt(runs, k) === last) k++;
  return { start, end: originAt(runs, k) };
}

/** The full map back (tests, and callers that want `Folded`). */
export function expandOrigin(runs: OriginRuns): Int32Array {
  const origin = new Int32Array(runs.length + 1);
  for (let r = 0; r < runs.folded.length; r++) {
    const from = runs.folded[r]!;
    const to = r + 1 < runs.folded.length ? runs.folded[r + 1]! : runs.length;
    const base = runs.canonical[r]! - from;
    for (let k = from; k < to; k++) origin[k] = base + k;
  }
  origin[runs.length] = runs.end;
  return origin;
}
