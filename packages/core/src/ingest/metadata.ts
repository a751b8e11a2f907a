/**
 * What a file says about itself, checked before it is believed: titles that tools write by
 * themselves ("Microsoft Word - AGENDA.doc", "Untitled", "Document1") are not titles, and a date
 * is the date the document states, in its own time zone.
 */

/** Titles producers write by themselves rather than authors. */
const JUNK_TITLES = [
  /^microsoft (word|powerpoint|excel) - /i,
  /^(untitled|sans titre|sin título|unbenannt)(\s*(document|presentation)?\s*\d*)?$/i,
  /^(document|doc|presentation|slide|book|new document)\s*\d*$/i,
  /^powerpoint presentation$/i,
  /\.(docx?|rtf|odt|pdf|pptx?|xlsx?|indd|qxd|tex|html?)$/i,
  /^[\w-]*\d{4,}[\w-]*$/, // a bare identifier ("A_HRC_45_7_2020", "scan0001")
  /^[-_.\s\d]*$/,
];

/** Whether a metadata title is a producer's placeholder rather than the document's title. */
export function isJunkTitle(title: string): boolean {
  const text = title.trim();
  return text.length < 2 || JUNK_TITLES.some((pattern) => pattern.test(text));
}

/** The first of the candidates that is a real title (metadata first, then the first heading). */
export function pickTitle(...candidates: Array<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    const text = candidate?.replace(/\s+/g, " ").trim();
    if (text && !isJunkTitle(text)) return text.slice(0, 300);
  }
  return null;
}

/**
 * A date as `YYYY-MM-DD` in the document's own time zone: a stated calendar date is taken as
 * written ("2024-03-18T22:00:00-05:00" is 18 March where it was published, though 19 March in
 * UTC); other forms are parsed. Null for placeholders and years outside 1000–9999.
 */
export function documentDate(value: unknown): string | null {
  if (value instanceof Date) return validDate(value.toISOString().slice(0, 10));
  if (typeof value !== "string") return null;
  const text = value.trim();
  const stated = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  if (stated) return validDate(`${stated[1]}-${stated[2]}-${stated[3]}`);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  return validDate(date.toISOString().slice(0, 10));
}

function validDate(iso: string): string | null {
  const date = new Date(`${iso}T00:00:00Z`);
  const year = Number(iso.slice(0, 4));
  if (Number.isNaN(date.getTime()) || year < 1000 || year > 9999) return null;
  // 2024-02-30 parses as 1 March: not the date written.
  return date.toISOString().slice(0, 10) === iso ? iso : null;
}
