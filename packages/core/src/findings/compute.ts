/**
 * Findings across a corpus: how often each code occurs, where, with which other codes, and which
 * passages are linked. Pure: annotations and links in, figures out; the caller streams them in.
 */

export interface FindingsAnnotation {
  id: string;
  documentId: string;
  start: number;
  end: number;
  tags: string[];
  createdBy: string;
  createdAt: string;
}

export interface FindingsFilter {
  documentIds?: string[] | undefined;
  tags?: string[] | undefined;
  authors?: string[] | undefined;
  /** Inclusive ISO dates or date-times, compared with the annotation's creation time. */
  from?: string | undefined;
  to?: string | undefined;
  /** `attr.<id or name>` parameters: only documents with these attribute values (see attribute/). */
  attributes?: Record<string, string> | undefined;
  /** The documents the attribute filter admits, once resolved; undefined = no restriction. */
  documentSet?: ReadonlySet<string> | undefined;
  /** The coding layer asked for (`findings/layer.ts`); `all` when absent. */
  layer?: "all" | "consensus" | undefined;
}

export interface CodeSummary {
  code: string;
  passages: number;
  documents: number;
}

export interface Pair {
  a: string;
  b: string;
  count: number;
}

export interface Findings {
  codes: CodeSummary[];
  /** `matrix[code][documentId]` = passages of the code in the document (absent = 0). */
  matrix: Record<string, Record<string, number>>;
  documentIds: string[];
  /** Codes applied together to one passage. */
  sameAnnotation: Pair[];
  /** Codes on different passages whose ranges overlap in the same document. */
  overlapping: Pair[];
  annotationCount: number;
}

/** Whether an annotation passes the filter (codes are narrowed, not just tested). */
export function applyFilter(
  annotation: FindingsAnnotation,
  filter: FindingsFilter,
): FindingsAnnotation | null {
  if (filter.documentIds?.length && !filter.documentIds.includes(annotation.documentId))
    return null;
  if (filter.documentSet && !filter.documentSet.has(annotation.documentId)) return null;
  if (filter.authors?.length && !filter.authors.includes(annotation.createdBy)) return null;
  if (filter.from && annotation.createdAt < filter.from) return null;
  // A bare date as the upper bound includes that whole day.
  if (
    filter.to &&
    annotation.createdAt > (filter.to.length === 10 ? `${filter.to}T23:59:59.999Z` : filter.to)
  )
    return null;
  const tags = filter.tags?.length
    ? annotation.tags.filter((t) => filter.tags!.includes(t))
    : annotation.tags;
  if (tags.length === 0) return null;
  return { ...annotation, tags };
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function toPairs(counts: Map<string, number>): Pair[] {
  return [...counts]
    .map(([key, count]) => {
      const [a = "", b = ""] = key.split("\u0000");
      return { a, b, count };
    })
    .sort((x, y) => y.count - x.count || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

/** Computes findings over annotations that already passed `applyFilter`. */
export function computeFindings(annotations: Iterable<FindingsAnnotation>): Findings {
  const matrix: Record<string, Record<string, number>> = {};
  const passages = new Map<string, number>();
  const same = new Map<string, number>();
  const byDocument = new Map<string, FindingsAnnotation[]>();
  let annotationCount = 0;
  for (const a of annotations) {
    annotationCount++;
    for (const tag of a.tags) {
      passages.set(tag, (passages.get(tag) ?? 0) + 1);
      const row = matrix[tag] ?? {};
      row[a.documentId] = (row[a.documentId] ?? 0) + 1;
      matrix[tag] = row;
    }
    for (let i = 0; i < a.tags.length; i++) {
      for (let j = i + 1; j < a.tags.length; j++) {
        const key = pairKey(a.tags[i]!, a.tags[j]!);
        same.set(key, (same.get(key) ?? 0) + 1);
      }
    }
    const list = byDocument.get(a.documentId) ?? [];
    list.push(a);
    byDocument.set(a.documentId, list);
  }
  // Overlaps: sweep each document's passages in start order, keeping those still open. Each
  // overlapping pair of passages counts once per pair of distinct codes between them.
  const overlapping = new Map<string, number>();
  for (const list of byDocument.values()) {
    list.sort((x, y) => x.start - y.start || x.end - y.end);
    let open: FindingsAnnotation[] = [];
    for (const current of list) {
      open = open.filter((o) => o.end > current.start);
      for (const other of open) {
        for (const a of other.tags) {
          for (const b of current.tags) {
            if (a === b) continue;
            const key = pairKey(a, b);
            overlapping.set(key, (overlapping.get(key) ?? 0) + 1);
          }
        }
      }
      open.push(current);
    }
  }
  const codes = [...passages.keys()]
    .map((code) => ({
      code,
      passages: passages.get(code) ?? 0,
      documents: Object.keys(matrix[code] ?? {}).length,
    }))
    .sort((a, b) => b.passages - a.passages || a.code.localeCompare(b.code));
  return {
    codes,
    matrix,
    documentIds: [...byDocument.keys()].sort(),
    sameAnnotation: toPairs(same),
    overlapping: toPairs(overlapping),
    annotationCount,
  };
}
