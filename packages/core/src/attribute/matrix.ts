import type { Attribute, AttributeValues } from "./schema.ts";
import { groupsOf } from "./values.ts";

/** The group of passages whose document holds no value of the attribute. */
export const NO_VALUE = "(none)";

/** One attribute's code × value matrix. */
export interface AttributeMatrix {
  attributeId: string;
  name: string;
  /** Values in order: defined choices first (as listed), then others sorted, then NO_VALUE. */
  values: string[];
  /** `matrix[code][value]` = passages of the code in documents with that value (absent = 0). */
  matrix: Record<string, Record<string, number>>;
}

/**
 * Counts passages per code × attribute value, a page of passages at a time. A passage counts
 * under each value its document holds: with a several-choices attribute a document in two groups
 * counts in both, so a row can sum to more than the code's passages; with any other type exactly
 * once (NO_VALUE when the document has none).
 */
export class AttributeTally {
  private readonly counts = new Map<string, Map<string, Map<string, number>>>();

  constructor(
    readonly definitions: Attribute[],
    private readonly valuesOf: (documentId: string) => AttributeValues | undefined,
  ) {}

  /** Counts passages (codes already narrowed to those in scope). */
  add(passages: Iterable<{ documentId: string; tags: string[] }>): void {
    for (const p of passages) {
      const values = this.valuesOf(p.documentId) ?? {};
      for (const d of this.definitions) {
        const groups = groupsOf(values[d.id]);
        const byCode = this.counts.get(d.id) ?? new Map<string, Map<string, number>>();
        this.counts.set(d.id, byCode);
        for (const tag of p.tags) {
          const row = byCode.get(tag) ?? new Map<string, number>();
          byCode.set(tag, row);
          for (const g of groups.length ? groups : [NO_VALUE]) row.set(g, (row.get(g) ?? 0) + 1);
        }
      }
    }
  }

  /** Every attribute's matrix, in definition order. */
  matrices(): AttributeMatrix[] {
    return this.definitions.map((d) => {
      const byCode = this.counts.get(d.id) ?? new Map<string, Map<string, number>>();
      const seen = new Set<string>();
      for (const row of byCode.values()) for (const v of row.keys()) seen.add(v);
      const values = [
        ...d.choices.filter((c) => seen.has(c)),
        ...[...seen].filter((v) => v !== NO_VALUE && !d.choices.includes(v)).sort(),
        ...(seen.has(NO_VALUE) ? [NO_VALUE] : []),
      ];
      const matrix: Record<string, Record<string, number>> = {};
      for (const [code, row] of byCode) matrix[code] = Object.fromEntries(row);
      return { attributeId: d.id, name: d.name, values, matrix };
    });
  }
}
