import type { Category, Coefficient, ReliabilityData } from "./reliability.ts";
import { weightOf } from "./reliability.ts";

/**
 * Cohen's (1960) κ for two coders: κ = (p_o − p_e) / (1 − p_e), where p_o is the share of units
 * both coders put in the same category and p_e = Σ_c p_{1c} p_{2c} the agreement expected from
 * each coder's own marginal distribution. Only units both coders judged count. Undefined (null)
 * when p_e = 1, i.e. both coders used one and the same category throughout.
 */
export function cohenKappa(data: ReliabilityData): Coefficient {
  if (data.coders !== 2) throw new RangeError("Cohen's kappa is defined for exactly two coders");
  const first = new Map<Category, number>();
  const second = new Map<Category, number>();
  let agree = 0;
  let n = 0;
  for (const unit of data.units) {
    const [a, b] = unit.values;
    if (a === null || a === undefined || b === null || b === undefined) continue;
    const w = weightOf(unit);
    n += w;
    if (a === b) agree += w;
    first.set(a, (first.get(a) ?? 0) + w);
    second.set(b, (second.get(b) ?? 0) + w);
  }
  if (n === 0) return { value: null, units: 0 };
  let expected = 0;
  for (const [c, count] of first) expected += (count / n) * ((second.get(c) ?? 0) / n);
  const observed = agree / n;
  if (expected === 1) return { value: null, units: n };
  return { value: (observed - expected) / (1 - expected), units: n };
}
