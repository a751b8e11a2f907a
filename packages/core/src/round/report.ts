import type * as Agreement from "../agreement/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { csvText } from "../export/csv.ts";
import { escapeHtml } from "../export/report.ts";
import * as Workspace from "../workspace/index.ts";
import type { RoundAgreement } from "./agreement.ts";
import type { Round } from "./schema.ts";

/** Columns of the agreement report CSV: one record per code (and all codes) × (all coders, each pair). */
export const AGREEMENT_REPORT_COLUMNS = [
  "round_id",
  "closed_at",
  "unit",
  "overlap",
  "code",
  "code_label",
  "coders",
  "coder_a",
  "coder_b",
  "units",
  "percent_agreement",
  "cohen_kappa",
  "fleiss_kappa",
  "krippendorff_alpha",
  "alpha_ci_low",
  "alpha_ci_high",
  "unitized_alpha",
  "disagreements",
] as const;

/** The names and titles a report shows, read once. */
export interface ReportContext {
  round: Round;
  agreement: RoundAgreement;
  coderNames: Map<string, string>;
  codeLabels: Map<string, string>;
  documents: { id: string; title: string }[];
  generatedAt: string;
}

/** A member's display name, never an email (the exports' rule): else their user id. */
const displayName = (name: string | undefined, id: string) =>
  name && !name.includes("@") ? name : id;

/** Reads the names of the round's coders, labels of its codes and titles of its documents. */
export async function reportContext(
  ctx: Context,
  round: Round,
  agreement: RoundAgreement,
): Promise<ReportContext> {
  const [members, codebook, documents] = await Promise.all([
    Workspace.listMembers(ctx, round.workspaceId),
    Codebook.list(ctx, round.workspaceId),
    Promise.all(
      round.documentIds.map((id) =>
        Document.get(ctx, round.workspaceId, id).then(
          (d) => ({ id, title: d.title }),
          () => ({ id, title: "(deleted document)" }),
        ),
      ),
    ),
  ]);
  const names = new Map(members.map((m) => [m.userId, m.name]));
  return {
    round,
    agreement,
    coderNames: new Map(round.coderIds.map((id) => [id, displayName(names.get(id), id)])),
    codeLabels: new Map(codebook.map((t) => [t.id, t.label])),
    documents,
    generatedAt: ctx.now().toISOString(),
  };
}

const cell = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : value;

/** The agreement report as RFC 4180 CSV, written by the exports' CSV writer. */
export function agreementReportCsv(report: ReportContext, options: { bom?: boolean } = {}): string {
  const { round, agreement } = report;
  const records: (string | number)[][] = [[...AGREEMENT_REPORT_COLUMNS]];
  for (const c of agreement.codes) {
    const base = [
      round.id,
      round.closedAt ?? "",
      agreement.granularity,
      agreement.overlap,
      c.code ?? "(all codes)",
      c.code ? (report.codeLabels.get(c.code) ?? c.code) : "(all codes)",
    ];
    records.push([
      ...base,
      "all",
      "",
      "",
      c.units,
      cell(c.percent),
      "",
      cell(c.fleissKappa),
      cell(c.krippendorffAlpha),
      cell(c.alphaInterval?.low),
      cell(c.alphaInterval?.high),
      cell(c.unitizedAlpha),
      "",
    ]);
    for (const p of c.pairs) {
      records.push([
        ...base,
        "pair",
        report.coderNames.get(p.coders[0]) ?? p.coders[0],
        report.coderNames.get(p.coders[1]) ?? p.coders[1],
        p.units,
        cell(p.percent),
        cell(p.cohenKappa),
        "",
        cell(p.krippendorffAlpha),
        "",
        "",
        cell(p.unitizedAlpha),
        p.disagreements,
      ]);
    }
  }
  return csvText(records, options);
}

const fixed = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? "—" : value.toFixed(digits);

/**
 * The agreement report as one printable HTML page for a methods appendix: coders, documents, the
 * unit, per-code and overall coefficients with intervals, pairwise figures with disagreement
 * counts, and the close date. Every user-supplied string is escaped and marked dir=auto.
 */
export function agreementReportHtml(report: ReportContext): string {
  const { round, agreement } = report;
  const text = (s: string) => `<span dir="auto">${escapeHtml(s)}</span>`;
  const codeName = (c: Agreement.CodeAgreement) =>
    c.code ? text(report.codeLabels.get(c.code) ?? c.code) : "All codes (pooled)";
  const name = (id: string) => text(report.coderNames.get(id) ?? id);
  const unitWords: Record<string, string> = {
    character: "characters",
    sentence: "sentences",
    paragraph: "paragraphs",
  };
  const overall = agreement.codes
    .map(
      (c) =>
        `<tr><th scope="row">${codeName(c)}</th><td class="n">${c.units}</td><td class="n">${fixed(c.percent)}</td><td class="n">${fixed(c.fleissKappa)}</td><td class="n">${fixed(c.krippendorffAlpha)}</td><td class="n">${c.alphaInterval ? `${fixed(c.alphaInterval.low)} – ${fixed(c.alphaInterval.high)}` : "—"}</td><td class="n">${fixed(c.unitizedAlpha)}</td></tr>`,
    )
    .join("\n");
  const pairs = agreement.codes
    .flatMap((c) =>
      c.pairs.map(
        (p) =>
          `<tr><th scope="row">${codeName(c)}</th><td>${name(p.coders[0])} · ${name(p.coders[1])}</td><td class="n">${p.units}</td><td class="n">${fixed(p.percent)}</td><td class="n">${fixed(p.cohenKappa)}</td><td class="n">${fixed(p.krippendorffAlpha)}</td><td class="n">${fixed(p.unitizedAlpha)}</td><td class="n">${p.disagreements}</td></tr>`,
      ),
    )
    .join("\n");
  // Not export/report.ts's head: another document, own title and style, its CSP sent as a header.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intercoder agreement, round ${escapeHtml(round.id)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 1rem; }
dt { font-weight: 600; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>Intercoder agreement</h1>
<dl>
<dt>Round</dt><dd>${escapeHtml(round.id)}${round.blind ? " (blind)" : ""}</dd>
<dt>Opened</dt><dd>${escapeHtml(round.createdAt)}</dd>
<dt>Closed</dt><dd>${round.closedAt ? escapeHtml(round.closedAt) : "not yet closed"}</dd>
<dt>Unit</dt><dd>${unitWords[agreement.granularity]}${agreement.granularity === "character" ? "" : `, coded when a passage covers at least ${Math.round(agreement.overlap * 100)} % of it`}</dd>
<dt>Coders</dt><dd><ul>${round.coderIds.map((id) => `<li>${name(id)}</li>`).join("")}</ul></dd>
<dt>Documents</dt><dd><ul>${report.documents.map((d) => `<li>${text(d.title)}</li>`).join("")}</ul></dd>
<dt>Generated</dt><dd>${escapeHtml(report.generatedAt)}</dd>
</dl>
<h2>All coders</h2>
<table>
<thead><tr><th scope="col">Code</th><th scope="col">Units</th><th scope="col">Percent agreement</th><th scope="col">Fleiss' κ</th><th scope="col">Krippendorff's α</th><th scope="col">α 95 % interval (bootstrap)</th><th scope="col">αu (characters)</th></tr></thead>
<tbody>
${overall}
</tbody>
</table>
<h2>Pairs of coders</h2>
<table>
<thead><tr><th scope="col">Code</th><th scope="col">Coders</th><th scope="col">Units</th><th scope="col">Percent agreement</th><th scope="col">Cohen's κ</th><th scope="col">Krippendorff's α</th><th scope="col">αu (characters)</th><th scope="col">Disagreements</th></tr></thead>
<tbody>
${pairs}
</tbody>
</table>
<p>Percent agreement; Cohen (1960) κ for pairs; Fleiss (1971) κ; Krippendorff's nominal α (2011) with a percentile bootstrap interval over units (1,000 resamples); Krippendorff's unitized αu (1995) on character positions. Disagreements: units one coder of the pair coded and the other did not. Formulas: Gloss docs/agreement.md.</p>
</body>
</html>
`;
}
