/**
 * Reliability data in Krippendorff's sense: units (rows) by coders (columns). A cell holds the
 * category a coder assigned to the unit, or null when that coder did not judge it (missing data).
 * `weight` says how many identical units the row stands for, so character-level data can be
 * carried as runs of characters with the same pattern instead of one row per character.
 */
export type Category = string | number;

export interface ReliabilityUnit {
  values: readonly (Category | null)[];
  /** How many identical units this row stands for; 1 when absent. Must be a positive integer. */
  weight?: number;
}

export interface ReliabilityData {
  coders: number;
  units: readonly ReliabilityUnit[];
}

/** A coefficient with the number of units it was computed on; null where it is undefined. */
export interface Coefficient {
  value: number | null;
  units: number;
}

export const weightOf = (unit: ReliabilityUnit): number => unit.weight ?? 1;

/** The same units with only the columns of coders `a` and `b`, in that order. */
export function pairOf(data: ReliabilityData, a: number, b: number): ReliabilityData {
  return {
    coders: 2,
    units: data.units.map((u) => ({
      values: [u.values[a] ?? null, u.values[b] ?? null],
      weight: u.weight,
    })),
  };
}

/** The non-missing values of a unit. */
export function presentValues(unit: ReliabilityUnit): Category[] {
  return unit.values.filter((v): v is Category => v !== null);
}

/**
 * The same data with identical rows merged into one weighted row. Every coefficient here depends
 * only on how many units have each pattern of values, so the result is unchanged, and coded text
 * (mostly "nobody coded this") shrinks from hundreds of thousands of rows to a few hundred.
 */
export function compressed(data: ReliabilityData): ReliabilityData {
  const rows = new Map<string | number, { values: ReliabilityUnit["values"]; weight: number }>();
  for (const unit of data.units) {
    const key = patternKey(unit.values);
    const row = rows.get(key);
    if (row) row.weight += weightOf(unit);
    else rows.set(key, { values: unit.values, weight: weightOf(unit) });
  }
  return { coders: data.coders, units: [...rows.values()] };
}

/**
 * A row's pattern as a map key: a base-3 number when every value is 0, 1 or missing (what coded
 * text gives; exact up to 33 coders, as 3³³ < 2⁵³), else its JSON. Building a string per row cost
 * more than the coefficients themselves on sentence units.
 */
function patternKey(values: ReliabilityUnit["values"]): string | number {
  if (values.length <= 33) {
    let key = 0;
    let binary = true;
    for (const v of values) {
      if (v === 0) key = key * 3;
      else if (v === 1) key = key * 3 + 1;
      else if (v === null) key = key * 3 + 2;
      else {
        binary = false;
        break;
      }
    }
    if (binary) return key;
  }
  return JSON.stringify(values);
}
