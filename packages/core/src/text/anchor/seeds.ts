/**
 * Outside the window, fuzzy search only looks where a seed of the quote occurs exactly: the
 * SEED_LENGTH characters from one of the quote's word starts. A match within the error budget
 * keeps most of them intact (edits are local), so 12 characters (two or three words) is short
 * enough to survive between edits yet long enough to be rare in a report. At most MAX_SEEDS word
 * starts are used (spread over the quote); a seed found more than MAX_SEED_HITS times ("of the
 * government") says nothing and is skipped. The whole text is searched only when the seeds give
 * no region and the quote has fewer than MIN_SEEDS_TO_SKIP of them (a short quote, cheap to
 * search for): a longer passage none of whose seeds survives where another agrees has lost more
 * than its error budget allows in practice (each seed needs its own edit), so it is orphaned
 * without the whole-text search. The cost of the shortcut is that a heavily edited passage whose
 * seeds were all broken is orphaned rather than found; never placed wrongly, since the
 * candidates face the same thresholds.
 */
const SEED_LENGTH = 12;
const MAX_SEEDS = 12;
const MAX_SEED_HITS = 32;
export const MIN_SEEDS_TO_SKIP = 4;
/**
 * A region is searched when at least this many distinct seeds of a quote with MIN_SEEDS_TO_SKIP
 * or more seeds place the quote there: one 12-character seed recurs by chance in a long report
 * (a common phrase), two on the same diagonal rarely do, and a passage within the error budget
 * keeps more than one intact. The best supported MAX_SEED_REGIONS regions are searched.
 */
const MIN_SEED_VOTES = 2;
const MAX_SEED_REGIONS = 8;

/**
 * A text that passages are anchored in, owning the index its seeded search uses: the positions of
 * the text's word starts by a hash of the SEED_LENGTH characters there. Built on first use (~30 ms
 * for 1 MB, less than a few `indexOf` scans of the text per seed) and held by this object alone:
 * a document's annotations are re-anchored onto one target, and when the target goes, so does its
 * index. No module-level cache keeps a 5 MB text alive across warm Lambda invocations.
 */
export class AnchorTarget {
  private seedIndex: Map<number, number[]> | null = null;

  constructor(readonly text: string) {}

  /** The seed index, built once. */
  seeds(): Map<number, number[]> {
    if (this.seedIndex) return this.seedIndex;
    const { text } = this;
    const positions = new Map<number, number[]>();
    for (let at = 0; at + SEED_LENGTH <= text.length; at++) {
      if (isSpace(text.charCodeAt(at)) || (at > 0 && !isSpace(text.charCodeAt(at - 1)))) continue;
      const hash = seedHash(text, at);
      const list = positions.get(hash);
      if (list) list.push(at);
      else positions.set(hash, [at]);
    }
    this.seedIndex = positions;
    return positions;
  }

  /** Whether the index has been built (for tests of its lifetime). */
  get indexed(): boolean {
    return this.seedIndex !== null;
  }
}

/** The target of a text: the one passed, or a new one (its index then lives for one call). */
export const targetOf = (text: string | AnchorTarget): AnchorTarget =>
  typeof text === "string" ? new AnchorTarget(text) : text;

function seedHash(text: string, at: number): number {
  let hash = 0;
  for (let i = at; i < at + SEED_LENGTH; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/**
 * Regions of `text` where `exact` may occur with up to `maxErrors` edits, judged by exact
 * occurrences of its seeds: occurrences that imply nearly the same start (within the error
 * budget) are one candidate region, and only regions that enough distinct seeds agree on are
 * returned, best supported first. `null` when the quote has no seed.
 */
export function seedRegions(
  target: AnchorTarget,
  exact: string,
  maxErrors: number,
): { regions: Array<[number, number]>; seeds: number } | null {
  const starts: number[] = [];
  for (let at = 1; at + SEED_LENGTH <= exact.length; at++) {
    if (isSpace(exact.charCodeAt(at - 1)) && !isSpace(exact.charCodeAt(at))) starts.push(at);
  }
  if (starts.length === 0) return null;
  const { text } = target;
  const index = target.seeds();
  const count = Math.min(starts.length, MAX_SEEDS);
  // Implied start of the quote and which seed implies it.
  const votes: Array<[number, number]> = [];
  for (let k = 0; k < count; k++) {
    const offset = starts[Math.floor((k * starts.length) / count)]!;
    const seed = exact.slice(offset, offset + SEED_LENGTH);
    const hits = (index.get(seedHash(exact, offset)) ?? []).filter((at) =>
      text.startsWith(seed, at),
    );
    if (hits.length > MAX_SEED_HITS) continue;
    for (const at of hits) votes.push([at - offset, k]);
  }
  votes.sort((a, b) => a[0] - b[0]);
  const minVotes = count >= MIN_SEEDS_TO_SKIP ? MIN_SEED_VOTES : 1;
  const clusters: Array<{ from: number; to: number; support: number }> = [];
  for (let i = 0; i < votes.length; ) {
    const seeds = new Set<number>();
    let j = i;
    while (j < votes.length && (j === i || votes[j]![0] - votes[j - 1]![0] <= maxErrors)) {
      seeds.add(votes[j]![1]);
      j++;
    }
    if (seeds.size >= minVotes) {
      clusters.push({
        from: Math.max(0, votes[i]![0] - maxErrors),
        to: Math.min(text.length, votes[j - 1]![0] + exact.length + maxErrors),
        support: seeds.size,
      });
    }
    i = j;
  }
  clusters.sort((a, b) => b.support - a.support);
  return {
    regions: clusters.slice(0, MAX_SEED_REGIONS).map((c) => [c.from, c.to]),
    seeds: count,
  };
}
