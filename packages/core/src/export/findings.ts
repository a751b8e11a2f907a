import { ancestorsOfCodes, PATH_SEPARATOR } from "../codebook/index.ts";
import { computeFindings, type FindingsAnnotation, RollUp } from "../findings/index.ts";
import { csvText } from "./csv.ts";

/** A code as findings show it. */
export interface FindingsCode {
  id: string;
  label: string;
  color: string;
  /** Place in the codebook tree; absent for a code the codebook no longer lists. */
  parentId?: string | null;
  path?: string[];
}

/** A document as findings show it. */
export interface FindingsDocument {
  id: string;
  title: string;
}

export interface CodeSummary extends FindingsCode {
  passages: number;
  documents: number;
  /** Passages coded with the code or any code below it, each once. */
  passagesWithDescendants: number;
  documentsWithDescendants: number;
}

/** How findings show a code that is on passages but no longer in the codebook (as findings.json). */
const UNLISTED_COLOR = "#868e96";

/**
 * Passages per code and per code × document, counted by `computeFindings` (the numbers of
 * findings.json) a page of annotations at a time. Those figures add up across pages, so only the
 * running matrix is kept: memory grows with codes × documents, never with the annotations. The
 * co-occurrence figures do not add up across pages and are not kept.
 */
export class FindingsTally {
  private readonly matrix = new Map<string, Map<string, number>>();
  private readonly documentTitles = new Map<string, string>();
  /** Passages counted: annotations with at least one code in scope (findings' annotationCount). */
  passages = 0;

  private readonly rolled: RollUp;

  constructor(private readonly codebook: FindingsCode[]) {
    this.rolled = new RollUp(
      ancestorsOfCodes(
        codebook.map((c, i) => ({
          id: c.id,
          label: c.label,
          parentId: c.parentId ?? null,
          position: i,
        })),
      ),
    );
  }

  /** Counts a page of annotations that already passed the filter, and their documents' titles. */
  add(page: FindingsAnnotation[], documents: FindingsDocument[]): void {
    const figures = computeFindings(page);
    this.passages += figures.annotationCount;
    for (const a of page) this.rolled.add(a);
    for (const [code, row] of Object.entries(figures.matrix)) {
      const total = this.matrix.get(code) ?? new Map<string, number>();
      for (const [documentId, n] of Object.entries(row)) {
        total.set(documentId, (total.get(documentId) ?? 0) + n);
      }
      this.matrix.set(code, total);
    }
    for (const d of documents) this.documentTitles.set(d.id, d.title);
  }

  /** Codes in codebook order, then any code on passages that the codebook no longer lists. */
  get codes(): FindingsCode[] {
    const listed = new Set(this.codebook.map((c) => c.id));
    const unlisted = [...this.matrix.keys()]
      .filter((id) => !listed.has(id))
      .sort()
      .map((id) => ({ id, label: id, color: UNLISTED_COLOR }));
    return [...this.codebook, ...unlisted];
  }

  /** Passages and documents per code. */
  summary(): CodeSummary[] {
    return this.codes.map((code) => {
      const row = this.matrix.get(code.id);
      let passages = 0;
      for (const n of row?.values() ?? []) passages += n;
      return {
        ...code,
        passages,
        documents: row?.size ?? 0,
        passagesWithDescendants: this.rolled.passages.get(code.id) ?? 0,
        documentsWithDescendants: this.rolled.documents(code.id),
      };
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
    return this.matrix.get(codeId)?.get(documentId) ?? 0;
  }

  /** The largest cell of the matrix (0 when empty). */
  maxCount(): number {
    let max = 0;
    for (const row of this.matrix.values()) for (const n of row.values()) max = Math.max(max, n);
    return max;
  }
}

/** Columns of findings-codes.csv, in order. */
export const FINDINGS_CODE_COLUMNS = [
  "code",
  "code_label",
  "code_path",
  "passages",
  "documents",
  "passages_with_descendants",
  "documents_with_descendants",
] as const;

/** Columns of findings-matrix.csv, in order. */
export const FINDINGS_MATRIX_COLUMNS = [
  "code",
  "code_label",
  "document_id",
  "document_title",
  "passages",
] as const;

/**
 * findings-codes.csv: one record per code in scope (codebook order) with its path, its passages
 * and documents, and the same rolled up over the codes below it, a tidy table with one header row that `pandas.read_csv` and R `read.csv` read as is.
 */
export function findingsCodesCsv(tally: FindingsTally, options: { bom?: boolean } = {}): string {
  return csvText(
    [
      [...FINDINGS_CODE_COLUMNS],
      ...tally
        .summary()
        .map((c) => [
          c.id,
          c.label,
          (c.path ?? [c.label]).join(PATH_SEPARATOR),
          c.passages,
          c.documents,
          c.passagesWithDescendants,
          c.documentsWithDescendants,
        ]),
    ],
    options,
  );
}

/**
 * findings-matrix.csv: the code × document matrix in long form, one record per code and document
 * with at least one coded passage, zeros included, so a pivot (`df.pivot(index="code",
 * columns="document_id", values="passages")`) gives back the full matrix.
 */
export function findingsMatrixCsv(tally: FindingsTally, options: { bom?: boolean } = {}): string {
  const documents = tally.documents();
  const records: Array<Array<string | number>> = [[...FINDINGS_MATRIX_COLUMNS]];
  for (const c of tally.codes) {
    for (const d of documents)
      records.push([c.id, c.label, d.id, d.title, tally.count(c.id, d.id)]);
  }
  return csvText(records, options);
}
