import type { Coefficient, ReliabilityData, ReliabilityUnit } from "./reliability.ts";

export interface Interval {
  low: number;
  high: number;
  /** The confidence level, e.g. 0.95. */
  level: number;
  /** Resamples in which the coefficient was defined (the percentiles are taken over these). */
  samples: number;
}

export interface BootstrapOptions {
  samples?: number;
  level?: number;
  seed?: number;
}

/**
 * A small, fast, seeded generator (mulberry32): the same seed gives the same interval on every
 * machine, so a report can be reproduced from its stated seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Refuses to bootstrap more units than this: each resample draws every unit once. */
export const MAX_BOOTSTRAP_UNITS = 200_000;

/**
 * Percentile bootstrap over units (Efron & Tibshirani 1993, ch. 13), as recommended for κ and α
 * on nominal data by Zapf et al. (2016): resample the units with replacement, recompute the
 * coefficient, take the (1 − level)/2 and (1 + level)/2 quantiles. A row of weight w is w units. Null when there are no units, more than MAX_BOOTSTRAP_UNITS, or
 * the coefficient is undefined in every resample. 1,000 resamples and seed 1 by default.
 */
export function bootstrapInterval(
  data: ReliabilityData,
  coefficient: (data: ReliabilityData) => Coefficient,
  options: BootstrapOptions = {},
): Interval | null {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  // Units with the same values are interchangeable: resampling draws how many of each pattern,
  // and the coefficient runs on one weighted row per pattern instead of one row per unit.
  const patterns = new Map<string, { values: ReliabilityUnit["values"]; weight: number }>();
  let total = 0;
  for (const unit of data.units) {
    const w = unit.weight ?? 1;
    total += w;
    const key = JSON.stringify(unit.values);
    const found = patterns.get(key);
    if (found) found.weight += w;
    else patterns.set(key, { values: unit.values, weight: w });
  }
  if (total === 0 || total > MAX_BOOTSTRAP_UNITS) return null;
  const rows = [...patterns.values()];
  const cumulative: number[] = [];
  let sum = 0;
  for (const row of rows) {
    sum += row.weight;
    cumulative.push(sum);
  }
  const values: number[] = [];
  const counts = new Array<number>(rows.length);
  for (let s = 0; s < samples; s++) {
    counts.fill(0);
    for (let i = 0; i < total; i++) counts[firstAbove(cumulative, random() * total)]! += 1;
    const units: ReliabilityUnit[] = [];
    rows.forEach((row, i) => {
      if (counts[i]! > 0) units.push({ values: row.values, weight: counts[i] });
    });
    const { value } = coefficient({ coders: data.coders, units });
    if (value !== null) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return {
    low: quantile(values, (1 - level) / 2),
    high: quantile(values, (1 + level) / 2),
    level,
    samples: values.length,
  };
}

/** The index of the first cumulative weight above x. */
function firstAbove(cumulative: readonly number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Linear interpolation between order statistics (type 7, the R and NumPy default). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
