import type { Coefficient, ReliabilityData } from "./reliability.ts";
import { presentValues, weightOf } from "./reliability.ts";

/**
 * Fleiss' (1971) κ for any fixed number of coders: κ = (P̄ − P̄_e) / (1 − P̄_e), with
 * P̄ = mean over units of Σ_c n_uc(n_uc − 1) / (m(m − 1)) and P̄_e = Σ_c p_c², p_c the share of
 * all judgements in category c. Fleiss' κ assumes every unit was judged by the same number of
 * coders, so only units every coder judged count (complete cases); use Krippendorff's α when
 * data are missing. Undefined (null) when P̄_e = 1 or fewer than two coders.
 */
export function fleissKappa(data: ReliabilityData): Coefficient {
  const m = data.coders;
  if (m < 2) return { value: null, units: 0 };
  const totals = new Map<string, number>();
  let agreeing = 0;
  let units = 0;
  for (const unit of data.units) {
    const values = presentValues(unit);
    if (values.length !== m) continue;
    const w = weightOf(unit);
    const counts = new Map<string, number>();
    for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    let pairs = 0;
    for (const [c, n] of counts) {
      pairs += n * (n - 1);
      totals.set(c, (totals.get(c) ?? 0) + w * n);
    }
    agreeing += (w * pairs) / (m * (m - 1));
    units += w;
  }
  if (units === 0) return { value: null, units: 0 };
  const observed = agreeing / units;
  let expected = 0;
  for (const n of totals.values()) expected += (n / (units * m)) ** 2;
  if (expected === 1) return { value: null, units };
  return { value: (observed - expected) / (1 - expected), units };
}
