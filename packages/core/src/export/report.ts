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
        `<tr><td><span class="swatch" style="background:${colour(c.color)}"></span>${escapeHtml(c.label)}</td><td class="n">${c.passages}</td><td class="n">${c.documents}</td></tr>`,
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
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated ${escapeHtml(header.generatedAt)} by Gloss · ${plural(tally.passages, "coded passage")} in ${plural(tally.documents().length, "document")}${escapeHtml(filters)}</p>
<h2 class="first">Codes</h2>
<table>
<thead><tr><th>Code</th><th>Passages</th><th>Documents</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Codes × documents</h2>
<div class="heatmap">${heatMap(tally)}</div>
`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Only well-formed #rrggbb colours reach a style attribute. */
function colour(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#888888";
}

const CELL = 30;
const ROW_LABEL_WIDTH = 210;
const COLUMN_LABEL_HEIGHT = 150;
const MAX_LABEL = 40;

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join("")}…` : text;
}

/** The code × document matrix as an inline SVG heat map: darker cells hold more passages. */
export function heatMap(tally: FindingsTally): string {
  const documents = tally.documents();
  const codes = tally.codes;
  if (documents.length === 0) return `<p class="meta">No coded passages.</p>`;
  const max = Math.max(1, tally.maxCount());
  const width = ROW_LABEL_WIDTH + documents.length * CELL + 10;
  const height = COLUMN_LABEL_HEIGHT + codes.length * CELL + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Passages per code and document">`,
  ];
  documents.forEach((d, j) => {
    const x = ROW_LABEL_WIDTH + j * CELL + CELL / 2;
    parts.push(
      `<text x="${x}" y="${COLUMN_LABEL_HEIGHT - 6}" transform="rotate(-55 ${x} ${COLUMN_LABEL_HEIGHT - 6})"><title>${escapeHtml(d.title)}</title>${escapeHtml(shorten(d.title))}</text>`,
    );
  });
  codes.forEach((c, i) => {
    const y = COLUMN_LABEL_HEIGHT + i * CELL;
    parts.push(
      `<text x="${ROW_LABEL_WIDTH - 8}" y="${y + CELL / 2 + 4}" text-anchor="end">${escapeHtml(shorten(c.label))}</text>`,
    );
    documents.forEach((d, j) => {
      const n = tally.count(c.id, d.id);
      const x = ROW_LABEL_WIDTH + j * CELL;
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
  const description = code.description ? `<p>${escapeHtml(code.description)}</p>` : "";
  return `<section style="--c:${colour(code.color)}">
<h2><span class="swatch" style="background:${colour(code.color)}"></span>${escapeHtml(code.label)}</h2>
${description}<p class="meta">${plural(code.passages, "passage")} in ${plural(code.documents, "document")}</p>
<ol class="passages">
`;
}

/** A passage with its citation. */
export interface ReportPassage {
  quote: string;
  note: string;
  documentTitle: string;
  sourceUrl: string | null;
  publishedAt: string | null;
  page: number | null;
  passageUrl: string;
}

/** One passage: the quote, its note, and a citation (title, source, date, page). */
export function passageItem(p: ReportPassage): string {
  const href = safeHref(p.sourceUrl);
  const citation = [
    `<a href="${escapeHtml(p.passageUrl)}">${escapeHtml(p.documentTitle)}</a>`,
    href ? `<a href="${escapeHtml(href)}">${escapeHtml(p.sourceUrl ?? "")}</a>` : "",
    p.publishedAt ? escapeHtml(p.publishedAt) : "",
    p.page !== null ? `p. ${p.page}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const note = p.note ? `<p class="note">Note: ${escapeHtml(p.note)}</p>` : "";
  return `<li><blockquote>${escapeHtml(p.quote)}</blockquote>${note}<cite>${citation}</cite></li>\n`;
}

export const codeSectionEnd = "</ol>\n</section>\n";

export const reportEnd = "</body>\n</html>\n";
