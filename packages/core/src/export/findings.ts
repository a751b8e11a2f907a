import { csvText } from "./csv.ts";

/** A code as findings show it. */
export interface FindingsCode {
  id: string;
  label: string;
  color: string;
}

/** A document as findings show it. */
export interface FindingsDocument {
  id: string;
  title: string;
}

export interface CodeSummary extends FindingsCode {
  passages: number;
  documents: number;
}

/**
 * Counts passages per code and per code × document from a stream of annotations. Memory grows with
 * codes × documents, never with the number of annotations.
 */
export class FindingsTally {
  private readonly cells = new Map<string, Map<string, number>>();
  private readonly documentTitles = new Map<string, string>();
  passages = 0;

  constructor(readonly codes: FindingsCode[]) {
    for (const code of codes) this.cells.set(code.id, new Map());
  }

  /** Counts one annotation (only its codes in scope). */
  add(annotation: { tags: string[] }, document: FindingsDocument): void {
    let counted = false;
    for (const tag of annotation.tags) {
      const row = this.cells.get(tag);
      if (!row) continue;
      row.set(document.id, (row.get(document.id) ?? 0) + 1);
      counted = true;
    }
    if (counted) {
      this.passages++;
      this.documentTitles.set(document.id, document.title);
    }
  }

  /** Passages and documents per code, in codebook order. */
  summary(): CodeSummary[] {
    return this.codes.map((code) => {
      const row = this.cells.get(code.id)!;
      let passages = 0;
      for (const n of row.values()) passages += n;
      return { ...code, passages, documents: row.size };
    });
  }

  /** Documents with at least one coded passage, by title. */
  documents(): FindingsDocument[] {
    return [...this.documentTitles]
      .map(([id, title]) => ({ id, title }))
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }

  /** Passages with a code in a document. */
  count(codeId: string, documentId: string): number {
    return this.cells.get(codeId)?.get(documentId) ?? 0;
  }

  /** The largest cell of the matrix (0 when empty). */
  maxCount(): number {
    let max = 0;
    for (const row of this.cells.values()) for (const n of row.values()) max = Math.max(max, n);
    return max;
  }
}

/**
 * findings.csv: the per-code summary (code, label, passages, documents), a blank line, then the
 * code × document matrix with two header rows (document ids, then titles).
 */
export function findingsCsv(tally: FindingsTally, options: { bom?: boolean } = {}): string {
  const summary = [
    ["code", "label", "passages", "documents"],
    ...tally.summary().map((c) => [c.id, c.label, c.passages, c.documents]),
  ];
  const documents = tally.documents();
  const matrix = [
    ["document_id", "", ...documents.map((d) => d.id)],
    ["code", "label", ...documents.map((d) => d.title)],
    ...tally.codes.map((c) => [c.id, c.label, ...documents.map((d) => tally.count(c.id, d.id))]),
  ];
  return `${csvText(summary, options)}\r\n${csvText(matrix)}`;
}
