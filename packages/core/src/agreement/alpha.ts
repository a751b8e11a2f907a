import type { Coefficient, ReliabilityData } from "./reliability.ts";
import { presentValues, weightOf } from "./reliability.ts";

/**
 * Krippendorff's α for nominal data, any number of coders, missing data allowed (Krippendorff
 * 2011, "Computing Krippendorff's Alpha-Reliability"; 2019, ch. 12). From the coincidence matrix
 * o_ck = Σ_u (number of c–k pairs of values in u) / (m_u − 1) over the units with m_u ≥ 2 values,
 * n_c = Σ_k o_ck and n = Σ_c n_c:
 *   α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
 * `units` counts the pairable units. Undefined (null) when fewer than two pairable values exist
 * or when every pairable value is the same category (no expected disagreement).
 */
export function krippendorffAlpha(data: ReliabilityData): Coefficient {
  return binaryAlpha(data) ?? generalAlpha(data);
}

/**
 * The same α when every value is 0 or 1 (coded or not, what a round's units are), without a Map
 * or an array per unit: the bootstrap calls α a thousand times per code. Null when another value
 * occurs, for the general path.
 */
function binaryAlpha(data: ReliabilityData): Coefficient | null {
  let n0 = 0;
  let n1 = 0;
  let disagreeing = 0;
  let units = 0;
  for (const unit of data.units) {
    let ones = 0;
    let zeros = 0;
    for (const v of unit.values) {
      if (v === 1) ones++;
      else if (v === 0) zeros++;
      else if (v !== null) return null;
    }
    const m = ones + zeros;
    if (m < 2) continue;
    const w = weightOf(unit);
    n0 += w * zeros;
    n1 += w * ones;
    // Ordered pairs of different values: 2 · ones · zeros.
    disagreeing += (w * 2 * ones * zeros) / (m - 1);
    units += w;
  }
  const n = n0 + n1;
  const expected = 2 * n0 * n1;
  if (n < 2 || expected === 0) return { value: null, units };
  return { value: 1 - ((n - 1) * disagreeing) / expected, units };
}

function generalAlpha(data: ReliabilityData): Coefficient {
  // Only the disagreeing part of o and the marginals n_c are needed.
  const marginals = new Map<string, number>();
  let disagreeing = 0;
  let units = 0;
  for (const unit of data.units) {
    const values = presentValues(unit);
    const m = values.length;
    if (m < 2) continue;
    const w = weightOf(unit);
    const counts = new Map<string, number>();
    for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    // Ordered pairs of different values in u: m² − Σ_c n_uc².
    let same = 0;
    for (const [c, n] of counts) {
      same += n * n;
      marginals.set(c, (marginals.get(c) ?? 0) + w * n);
    }
    disagreeing += (w * (m * m - same)) / (m - 1);
    units += w;
  }
  let n = 0;
  let squares = 0;
  for (const nc of marginals.values()) {
    n += nc;
    squares += nc * nc;
  }
  const expected = n * n - squares; // Σ_{c≠k} n_c n_k
  if (n < 2 || expected === 0) return { value: null, units };
  return { value: 1 - ((n - 1) * disagreeing) / expected, units };
}
