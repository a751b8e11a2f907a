import { type Coefficient, presentValues, type ReliabilityData, weightOf } from "./reliability.ts";

/**
 * Percent agreement: the share of agreeing pairs of judgements, averaged over the units at least
 * two coders judged (for two coders, the share of units on which both gave the same category).
 * With more coders this is Fleiss's (1971) P̄, the mean over units of
 * Σ_c n_uc(n_uc − 1) / (m_u(m_u − 1)), here with m_u the number of coders who judged unit u.
 */
export function percentAgreement(data: ReliabilityData): Coefficient {
  let agreeing = 0;
  let units = 0;
  for (const unit of data.units) {
    const values = presentValues(unit);
    const m = values.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    let pairs = 0;
    for (const n of counts.values()) pairs += n * (n - 1);
    const w = weightOf(unit);
    agreeing += (w * pairs) / (m * (m - 1));
    units += w;
  }
  return { value: units === 0 ? null : agreeing / units, units };
}
