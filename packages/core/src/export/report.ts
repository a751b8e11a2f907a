import type { CodeSummary, FindingsTally } from "./findings.ts";

/** Escapes text for HTML and SVG content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A URL fit for an href: http(s) only, so a stored `javascript:` link can never run. */
function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

const STYLE = `
body{font:15px/1.5 Georgia,"Times New Roman",serif;color:#1f2328;max-width:60rem;margin:2rem auto;padding:0 1.5rem}
h1,h2,h3{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.25}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.meta{color:#59636e;font-family:system-ui,sans-serif;font-size:.85rem}
table{border-collapse:collapse;font-family:system-ui,sans-serif;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}td.n{text-align:right}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.4rem;vertical-align:middle}
.heatmap{overflow-x:auto}.heatmap svg{font-family:system-ui,sans-serif;font-size:11px}
ol.passages{padding-left:1.4rem}ol.passages li{margin:0 0 1rem;break-inside:avoid}
blockquote{margin:.2rem 0;padding:.1rem .8rem;border-left:4px solid var(--c,#888);white-space:pre-wrap}
.note{font-family:system-ui,sans-serif;font-size:.85rem;white-space:pre-wrap;margin:.2rem 0}
cite{font-style:normal;font-family:system-ui,sans-serif;font-size:.85rem;color:#59636e}
.ref{display:block;font-family:ui-monospace,monospace;font-size:.75rem;color:#59636e;word-break:break-all}
.heatmap text{unicode-bidi:plaintext}
ol.xrefs{padding-left:1.4rem}ol.xrefs li{margin:0 0 1.2rem;break-inside:avoid}
.relation{font-family:system-ui,sans-serif;font-weight:600}
a{color:#0b5cad;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{break-before:page}h2.first{break-before:auto}a{color:inherit}}
`;

export interface ReportHeader {
  workspaceName: string;
  generatedAt: string;
  filters: string[];
}

/** The report's head, summary table and heat map; the code sections follow. */
export function reportStart(header: ReportHeader, tally: FindingsTally): string {
  const title = `Findings — ${header.workspaceName}`;
  const filters = header.filters.length > 0 ? ` · ${header.filters.join(" · ")}` : "";
  const rows = tally
    .summary()
    .map(
      (c) =>
        `<tr><td dir="auto"><span class="swatch" style="background:${colour(c.color)}"></span>${escapeHtml(c.label)}</td><td class="n">${c.passages}</td><td class="n">${c.documents}</td></tr>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1 dir="auto">${escapeHtml(title)}</h1>
<p class="meta">Generated ${escapeHtml(header.generatedAt)} by Gloss · ${plural(tally.passages, "coded passage")} in ${plural(tally.documents().length, "document")}${escapeHtml(filters)}</p>
<h2 class="first" dir="auto">Codes</h2>
<table>
<thead><tr><th>Code</th><th>Passages</th><th>Documents</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2 dir="auto">Codes × documents</h2>
<div class="heatmap">${heatMap(tally)}</div>
`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Only well-formed #rrggbb colours reach a style attribute. */
function colour(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#888888";
}

const CELL = 30;
const MAX_LABEL = 40;
/** Font size of the heat map's labels (px), as the style sets it. */
const LABEL_FONT = 11;
/** Column labels are drawn rotated this many degrees up from the baseline. */
const COLUMN_ANGLE = 55;
const GAP = 8;

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join("")}…` : text;
}

/**
 * A generous estimate of a label's drawn width (px) in the system sans-serif at LABEL_FONT: 0.62
 * em per character (wider than the average Latin letter, about 0.5 em, so capitals and digits
 * fit), a full em for East Asian wide characters and emoji. The SVG is sized from it, so no
 * label is clipped; overestimating only costs white space.
 */
export function labelWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      code >= 0x1f300;
    width += wide ? LABEL_FONT : LABEL_FONT * 0.62;
  }
  return Math.ceil(width);
}

/** The heat map's layout: room for the longest row label and the longest rotated column label. */
export function heatMapLayout(codeLabels: string[], documentTitles: string[]) {
  const radians = (COLUMN_ANGLE * Math.PI) / 180;
  const longestColumn = Math.max(0, ...documentTitles.map((t) => labelWidth(shorten(t))));
  const rowLabelWidth = Math.max(60, ...codeLabels.map((l) => labelWidth(shorten(l)))) + GAP * 2;
  const columnLabelHeight = Math.ceil(longestColumn * Math.sin(radians) + LABEL_FONT) + GAP;
  // The last column's label leans right past the grid by its horizontal extent.
  const overhang = Math.ceil(longestColumn * Math.cos(radians));
  return {
    rowLabelWidth,
    columnLabelHeight,
    width: rowLabelWidth + documentTitles.length * CELL + Math.max(10, overhang - CELL / 2 + GAP),
    height: columnLabelHeight + codeLabels.length * CELL + 10,
  };
}

/** The code × document matrix as an inline SVG heat map: darker cells hold more passages. */
export function heatMap(tally: FindingsTally): string {
  const documents = tally.documents();
  const codes = tally.codes;
  if (documents.length === 0) return `<p class="meta">No coded passages.</p>`;
  const max = Math.max(1, tally.maxCount());
  const layout = heatMapLayout(
    codes.map((c) => c.label),
    documents.map((d) => d.title),
  );
  const { rowLabelWidth, columnLabelHeight, width, height } = layout;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Passages per code and document">`,
  ];
  documents.forEach((d, j) => {
    const x = rowLabelWidth + j * CELL + CELL / 2;
    const y = columnLabelHeight - 6;
    parts.push(
      `<text x="${x}" y="${y}" transform="rotate(-${COLUMN_ANGLE} ${x} ${y})"><title>${escapeHtml(d.title)}</title>${escapeHtml(shorten(d.title))}</text>`,
    );
  });
  codes.forEach((c, i) => {
    const y = columnLabelHeight + i * CELL;
    parts.push(
      `<text x="${rowLabelWidth - GAP}" y="${y + CELL / 2 + 4}" text-anchor="end"><title>${escapeHtml(c.label)}</title>${escapeHtml(shorten(c.label))}</text>`,
    );
    documents.forEach((d, j) => {
      const n = tally.count(c.id, d.id);
      const x = rowLabelWidth + j * CELL;
      // Square-root scale: one passage is still visible next to a cell with fifty.
      const opacity = n === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(n / max);
      parts.push(
        `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" fill="#f3f4f6"/>`,
        n > 0
          ? `<rect x="${x}" y="${y}" width="${CELL - 2}" height="${CELL - 2}" fill="#1c4e80" fill-opacity="${opacity.toFixed(3)}"><title>${escapeHtml(`${c.label} × ${d.title}: ${n}`)}</title></rect><text x="${x + (CELL - 2) / 2}" y="${y + CELL / 2 + 3}" text-anchor="middle" fill="${opacity > 0.55 ? "#fff" : "#1f2328"}">${n}</text>`
          : "",
      );
    });
  });
  parts.push("</svg>");
  return parts.join("");
}

/** The opening of one code's section. */
export function codeSectionStart(code: CodeSummary & { description: string }): string {
  const description = code.description ? `<p dir="auto">${escapeHtml(code.description)}</p>` : "";
  return `<section style="--c:${colour(code.color)}">
<h2 dir="auto"><span class="swatch" style="background:${colour(code.color)}"></span>${escapeHtml(code.label)}</h2>
${description}<p class="meta">${plural(code.passages, "passage")} in ${plural(code.documents, "document")}</p>
<ol class="passages">
`;
}

/** A passage with its citation. */
export interface ReportPassage {
  annotationId: string;
  quote: string;
  note: string;
  documentTitle: string;
  /** The document's author or publishing organisation, when known. */
  documentAuthor?: string | null | undefined;
  sourceUrl: string | null;
  publishedAt: string | null;
  page: number | null;
  /** 1-based paragraph of the passage's start in its text version, when known. */
  paragraph: number | null;
  passageUrl: string;
  /** The text version cited and its SHA-256, so the citation can be verified (`POST /api/verify`). */
  textVersion?: number;
  textSha256?: string;
}

/** Where a passage is, for a citation: document (linked to the passage), source, date, page, ¶. */
function citation(p: Omit<ReportPassage, "quote" | "note">): string {
  const href = safeHref(p.sourceUrl);
  return [
    `<a dir="auto" href="${escapeHtml(p.passageUrl)}">${escapeHtml(p.documentTitle)}</a>`,
    p.documentAuthor ? `<span dir="auto">${escapeHtml(p.documentAuthor)}</span>` : "",
    href ? `<a href="${escapeHtml(href)}">${escapeHtml(p.sourceUrl ?? "")}</a>` : "",
    p.publishedAt ? escapeHtml(p.publishedAt) : "",
    p.page !== null ? `p. ${p.page}` : "",
    p.paragraph !== null ? `para. ${p.paragraph}` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** The annotation id and the passage's link as text, so a printed report still says where. */
const reference = (p: {
  annotationId: string;
  passageUrl: string;
  textVersion?: number;
  textSha256?: string;
}) =>
  `<span class="ref">${escapeHtml(p.annotationId)} · ${escapeHtml(p.passageUrl)}${
    p.textSha256
      ? ` · text v${p.textVersion ?? ""} SHA-256 <code class="sha">${escapeHtml(p.textSha256)}</code>`
      : ""
  }</span>`;

/** One passage: the quote, its note, a citation and its reference. */
export function passageItem(p: ReportPassage): string {
  const note = p.note ? `<p class="note" dir="auto">Note: ${escapeHtml(p.note)}</p>` : "";
  return `<li><blockquote dir="auto">${escapeHtml(p.quote)}</blockquote>${note}<cite>${citation(p)}</cite>${reference(p)}</li>\n`;
}

/** One end of a cross-reference as the report shows it. */
export type ReportLinkEnd = Omit<ReportPassage, "note">;

/** A link between two passages, with its relation and whether it reads one way. */
export interface ReportLink {
  relation: string;
  oneWay: boolean;
  note: string;
  from: ReportLinkEnd;
  to: ReportLinkEnd;
}

const endItem = (end: ReportLinkEnd) =>
  `<blockquote dir="auto">${escapeHtml(end.quote)}</blockquote><cite>${citation(end)}</cite>${reference(end)}`;

/**
 * The cross-references: each link's two passages with their documents, the relation between
 * them and its direction ("A corroborates B" reads from A to B; "same incident" both ways).
 */
export function crossReferences(links: ReportLink[]): string {
  if (links.length === 0) return "";
  const items = links.map((l) => {
    const arrow = l.oneWay ? "→" : "↔";
    const reading = l.oneWay
      ? `the first passage ${escapeHtml(l.relation)} the second`
      : `${escapeHtml(l.relation)}, both ways`;
    const note = l.note ? `<p class="note" dir="auto">Note: ${escapeHtml(l.note)}</p>` : "";
    return `<li class="xref">${endItem(l.from)}<p class="relation">${arrow} ${escapeHtml(l.relation)} <span class="meta">(${reading})</span></p>${endItem(l.to)}${note}</li>\n`;
  });
  return `<div class="cross-references">
<h2 id="cross-references" dir="auto">Cross-references</h2>
<p class="meta">${plural(links.length, "link")} between passages in this report</p>
<ol class="xrefs">
${items.join("")}</ol>
</div>
`;
}

export const codeSectionEnd = "</ol>\n</section>\n";

export const reportEnd = "</body>\n</html>\n";
