import type { ReportSpec } from "./report-pdf.ts";

/** Text of a UN-style report: numbered paragraphs, footnote marks, hyphenated words. */
const SENTENCES = [
  "The Working Group received information on the detention of human rights defenders in the northern provinces",
  "Several of those detained were held without charge for periods exceeding the limits set by domestic law",
  "The Government replied that the measures were necessary to protect public order during the state of emergency",
  "The Working Group recalls that deprivation of liberty must be reasonable, necessary and proportionate",
  "Family members were not informed of the place of detention, which amounts to enforced disappearance",
  "Access to FAA-approved medical staff was denied to detainees with chronic illnesses",
  "The source reports that trafficking networks operate with the acquiescence of local officials",
  "Independent monitors were refused access to the facilities on at least four occasions",
];

export function unReportSpec(
  paragraphCount: number,
  options: Partial<ReportSpec> = {},
): ReportSpec {
  const paragraphs: string[] = [];
  const footnotes: string[] = [];
  for (let i = 0; i < paragraphCount; i++) {
    const a = SENTENCES[i % SENTENCES.length]!;
    const b = SENTENCES[(i * 3 + 1) % SENTENCES.length]!;
    const c = SENTENCES[(i * 5 + 2) % SENTENCES.length]!;
    let text = `${a}. ${b}; ${c.charAt(0).toLowerCase()}${c.slice(1)}.`;
    if (i % 2 === 1) {
      footnotes.push(
        `See communication ${100 + i} of the Working Group, document A/HRC/45/${10 + i}.`,
      );
      text = `${text.slice(0, -1)}.{${footnotes.length}}`;
    }
    paragraphs.push(options.style === "indent" ? text : `${i + 1}. ${text}`);
  }
  return {
    paragraphs,
    footnotes,
    style: "numbered",
    header: (page) =>
      page % 2 === 0
        ? { text: `${page} HUMAN RIGHTS COUNCIL`, align: "left" }
        : { text: `REPORT OF THE WORKING GROUP ${page}`, align: "right" },
    footer: (page) => `- ${page} -`,
    breaks: ["traf|ficking", "FAA-|approved", "propor|tionate", "disap|pearance", "with|out"],
    ...options,
  };
}
