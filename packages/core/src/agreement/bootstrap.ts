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

/** Refuses to bootstrap more units than this (beyond it the normal draws dominate every count). */
export const MAX_BOOTSTRAP_UNITS = 10_000_000;

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
  const values: number[] = [];
  const counts = new Array<number>(rows.length);
  for (let s = 0; s < samples; s++) {
    multinomial(total, rows, counts, random);
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

/**
 * Draws how many of `total` units fall on each row (weights as probabilities), as conditional
 * binomials: O(rows) per resample instead of O(units), which is what makes a bootstrap over
 * hundreds of thousands of units affordable.
 */
function multinomial(
  total: number,
  rows: readonly { weight: number }[],
  counts: number[],
  random: () => number,
): void {
  let remaining = total;
  let mass = rows.reduce((sum, r) => sum + r.weight, 0);
  rows.forEach((row, i) => {
    const p = mass > 0 ? Math.min(1, row.weight / mass) : 0;
    const k = i === rows.length - 1 ? remaining : binomial(remaining, p, random);
    counts[i] = k;
    remaining -= k;
    mass -= row.weight;
  });
}

/**
 * A Binomial(n, p) draw: exact by inversion while n·p·(1 − p) < 25, else the normal
 * approximation with continuity correction, whose error at that variance is far below the
 * bootstrap's own Monte Carlo error.
 */
function binomial(n: number, p: number, random: () => number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const variance = n * p * (1 - p);
  if (variance >= 25) {
    // Box–Muller with two draws from the seeded generator.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(variance))));
  }
  if (p > 0.5) return n - binomial(n, 1 - p, random);
  // Inversion over the probability mass function (small n·p here, so few steps).
  const q = 1 - p;
  let k = 0;
  let mass = q ** n;
  let cumulative = mass;
  const u = random();
  while (u > cumulative && k < n) {
    mass *= ((n - k) / (k + 1)) * (p / q);
    k++;
    cumulative += mass;
  }
  return k;
}

/** Linear interpolation between order statistics (type 7, the R and NumPy default). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
