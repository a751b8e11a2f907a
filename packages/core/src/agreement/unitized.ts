/**
 * Krippendorff's unitized αu for one category on a continuum (Krippendorff 1995, "On the
 * reliability of unitizing contiguous data", Sociological Methodology 25: 47–76; in the discrete
 * form of Krippendorff 2004, *Content Analysis*, 2nd ed., §11.6). Each coder divides the continuum
 * of L positions (here: characters of the texts) into units of the category and gaps between them.
 *
 * Observed disagreement sums, over every ordered pair of coders i ≠ j and every pair of their
 * segments g (of i) and h (of j) that intersect, a squared distance δ²:
 *   both units, overlapping:        δ² = (b_g − b_h)² + (e_g − e_h)²   (b begin, e end)
 *   a unit inside the other's gap:  δ² = l², l the unit's length
 *   anything else:                  δ² = 0,
 * and D_o = Σ δ² / (m(m − 1) L²) for m coders.
 *
 * Expected disagreement, over all N_c units u of the category (every coder's) and all gaps:
 *   D_e = (2/L) Σ_u [ (N_c − 1)(2l_u³ − 3l_u² + l_u)/3 + l_u² Σ_{gaps, l_g ≥ l_u} (l_g − l_u + 1) ]
 *         / [ mL(mL − 1) − Σ_u l_u(l_u − 1) ]
 * and αu = 1 − D_o / D_e. Several categories pool as 1 − Σ_c D_o,c / Σ_c D_e,c.
 *
 * Several documents form one continuum, one after the other; a segment never crosses from one
 * document into the next (a gap ends where its document ends), as a passage cannot.
 */

/** A coded stretch of one coder on one document, in positions [start, end). */
export interface UnitSpan {
  start: number;
  end: number;
}

/** One document of the continuum: its length and, per coder, their units of the category. */
export interface UnitizedSection {
  length: number;
  /** Per coder (same order for every section): sorted, disjoint units inside [0, length). */
  units: readonly (readonly UnitSpan[])[];
}

/** D_o and D_e of one category, so categories can be pooled; αu from them. */
export interface UnitizedDisagreement {
  observed: number;
  expected: number;
  /** Total positions L of the continuum. */
  length: number;
}

interface Segment {
  start: number;
  end: number;
  unit: boolean;
}

/** A coder's section as alternating units and gaps covering [0, length). */
function segmentsOf(units: readonly UnitSpan[], length: number): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const u of units) {
    if (u.start > at) out.push({ start: at, end: u.start, unit: false });
    out.push({ start: u.start, end: u.end, unit: true });
    at = u.end;
  }
  if (at < length) out.push({ start: at, end: length, unit: false });
  return out;
}

/** δ² of two intersecting segments of different coders. */
function distance(g: Segment, h: Segment): number {
  if (g.unit && h.unit) {
    return (g.start - h.start) ** 2 + (g.end - h.end) ** 2;
  }
  if (g.unit && !h.unit && h.start <= g.start && g.end <= h.end) return (g.end - g.start) ** 2;
  if (!g.unit && h.unit && g.start <= h.start && h.end <= g.end) return (h.end - h.start) ** 2;
  return 0;
}

/**
 * What αu needs of a study, gathered in one pass: per unordered pair of coders the sum of δ² over
 * their intersecting segments, and per coder the lengths of their units and gaps. Every pair's and
 * the whole group's D_o and D_e follow from it without reading the sections again.
 */
export interface UnitizedStudy {
  coders: number;
  length: number;
  /** pairSums[i][j], i < j: Σ δ² between coders i and j. */
  pairSums: number[][];
  unitLengths: number[][];
  gapLengths: number[][];
}

/** Gathers a study (see `UnitizedStudy`); linear in the segments of each pair of coders. */
export function unitizedStudy(sections: readonly UnitizedSection[], coders: number): UnitizedStudy {
  const m = coders;
  const study: UnitizedStudy = {
    coders: m,
    length: 0,
    pairSums: Array.from({ length: m }, () => new Array<number>(m).fill(0)),
    unitLengths: Array.from({ length: m }, () => []),
    gapLengths: Array.from({ length: m }, () => []),
  };
  for (const section of sections) {
    study.length += section.length;
    const segments = section.units.map((u) => segmentsOf(u, section.length));
    segments.forEach((list, c) => {
      for (const s of list) {
        (s.unit ? study.unitLengths[c]! : study.gapLengths[c]!).push(s.end - s.start);
      }
    });
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const a = segments[i]!;
        const b = segments[j]!;
        let sum = 0;
        let x = 0;
        let y = 0;
        // Every intersecting pair is current together for exactly one step of the merge.
        while (x < a.length && y < b.length) {
          sum += distance(a[x]!, b[y]!);
          if (a[x]!.end < b[y]!.end) x++;
          else if (b[y]!.end < a[x]!.end) y++;
          else {
            x++;
            y++;
          }
        }
        study.pairSums[i]![j]! += sum;
      }
    }
  }
  return study;
}

/**
 * D_o and D_e of some of a study's coders (all when `among` is absent), per the module comment;
 * n log n for D_e (gaps sorted, with suffix sums, instead of every unit against every gap).
 */
export function disagreementAmong(
  study: UnitizedStudy,
  among: readonly number[] = Array.from({ length: study.coders }, (_, i) => i),
): UnitizedDisagreement {
  const m = among.length;
  const length = study.length;
  let observedSum = 0;
  for (let x = 0; x < m; x++) {
    for (let y = x + 1; y < m; y++) {
      const i = Math.min(among[x]!, among[y]!);
      const j = Math.max(among[x]!, among[y]!);
      observedSum += study.pairSums[i]![j]!;
    }
  }
  // Unordered pairs above: twice that for ordered pairs.
  const observed = length > 0 && m > 1 ? (2 * observedSum) / (m * (m - 1) * length * length) : 0;

  const unitLengths = among.flatMap((c) => study.unitLengths[c]!);
  const gapLengths = among.flatMap((c) => study.gapLengths[c]!).sort((p, q) => p - q);
  // suffix[k] = Σ gaps[k..], so the gaps at least l long are a binary search away.
  const suffix = new Float64Array(gapLengths.length + 1);
  for (let k = gapLengths.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + gapLengths[k]!;
  const firstAtLeast = (l: number) => {
    let low = 0;
    let high = gapLengths.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (gapLengths[mid]! < l) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const n = unitLengths.length;
  let numerator = 0;
  let squares = 0;
  for (const l of unitLengths) {
    const k = firstAtLeast(l);
    const count = gapLengths.length - k;
    const fits = suffix[k]! - (l - 1) * count; // Σ (l_g − l + 1) over gaps with l_g ≥ l
    numerator += ((n - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * fits;
    squares += l * (l - 1);
  }
  const denominator = m * length * (m * length - 1) - squares;
  const expected = length > 0 && denominator > 0 ? ((2 / length) * numerator) / denominator : 0;
  return { observed, expected, length };
}

/** Disagreements of m coders on one category (see the module comment). */
export function unitizedDisagreement(
  sections: readonly UnitizedSection[],
  coders: number,
): UnitizedDisagreement {
  return disagreementAmong(unitizedStudy(sections, coders));
}

/** αu from one category's or several categories' disagreements; null when D_e is 0. */
export function unitizedAlpha(parts: readonly UnitizedDisagreement[]): number | null {
  let observed = 0;
  let expected = 0;
  for (const p of parts) {
    observed += p.observed;
    expected += p.expected;
  }
  return expected > 0 ? 1 - observed / expected : null;
}
