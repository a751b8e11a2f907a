/**
 * Findings rolled up the codebook tree: a parent counts every passage coded with it or with any
 * code below it, once per passage however many of those codes the passage carries. Pure: the
 * caller gives each code's ancestors (codebook/tree.ts `ancestorMap`).
 */

export interface RolledUp {
  /** Passages per code, with descendants. */
  passages: Map<string, number>;
  /** `matrix[code][documentId]` = passages of the code or its descendants in the document. */
  matrix: Record<string, Record<string, number>>;
}

/** A passage's codes with all their ancestors, each once. */
export function withAncestors(tags: string[], ancestors: Map<string, string[]>): string[] {
  const all = new Set<string>();
  for (const tag of tags) {
    all.add(tag);
    for (const a of ancestors.get(tag) ?? []) all.add(a);
  }
  return [...all];
}

/** Accumulates rolled-up counts page by page (the figures add up across pages). */
export class RollUp {
  readonly passages = new Map<string, number>();
  readonly matrix: Record<string, Record<string, number>> = {};

  constructor(private readonly ancestors: Map<string, string[]>) {}

  add(annotation: { documentId: string; tags: string[] }): void {
    for (const code of withAncestors(annotation.tags, this.ancestors)) {
      this.passages.set(code, (this.passages.get(code) ?? 0) + 1);
      const row = this.matrix[code] ?? {};
      row[annotation.documentId] = (row[annotation.documentId] ?? 0) + 1;
      this.matrix[code] = row;
    }
  }

  /** Documents with at least one passage of the code or its descendants. */
  documents(code: string): number {
    return Object.keys(this.matrix[code] ?? {}).length;
  }
}

/** Rolled-up counts of annotations that already passed the filter. */
export function rollUp(
  annotations: Iterable<{ documentId: string; tags: string[] }>,
  ancestors: Map<string, string[]>,
): RolledUp {
  const tally = new RollUp(ancestors);
  for (const a of annotations) tally.add(a);
  return { passages: tally.passages, matrix: tally.matrix };
}

/**
 * The direct counts plus every code that has passages only through its descendants (a parent no
 * one codes directly), with zero direct passages, in the same order: by passages then id.
 */
export function withRolledUpCodes<T extends { code: string; passages: number; documents: number }>(
  direct: T[],
  codebook: Array<{ id: string }>,
  rolled: RolledUp,
): Array<T | { code: string; passages: number; documents: number }> {
  const present = new Set(direct.map((c) => c.code));
  const parents = codebook
    .filter((t) => !present.has(t.id) && (rolled.passages.get(t.id) ?? 0) > 0)
    .map((t) => ({ code: t.id, passages: 0, documents: 0 }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return [...direct, ...parents];
}
