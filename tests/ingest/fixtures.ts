import { Document as DocxDocument, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";

/** Page texts of the multi-page report fixture: each page a heading-less run of paragraphs. */
export const PDF_PAGES = [
  [
    "Recruiters in the border town promised the workers a monthly wage of 450 dollars and a one-year contract. On arrival the super-",
    "visor collected every passport.",
  ],
  ["Anyone who missed the daily target was locked in a storeroom overnight without food."],
  ["Local police detained two men who escaped and charged them with illegal entry."],
];

/**
 * A PDF report with a running header, "Page N of M" footers and a word hyphenated across a line
 * end, as pdf-lib draws it: one text line per entry (lines of a paragraph 15 points apart, a
 * paragraph gap of 30).
 */
export async function makePdf(
  options: { pages?: string[][]; title?: string; author?: string; created?: Date } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const pages = options.pages ?? PDF_PAGES;
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  if (options.author) pdf.setAuthor(options.author);
  if (options.created) pdf.setCreationDate(options.created);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pages.forEach((lines, i) => {
    const page = pdf.addPage([595, 842]);
    page.drawText("Mekong Labour Monitor - Field Report 2024", { x: 50, y: 800, size: 9, font });
    let y = 740;
    for (const line of lines) {
      // Long entries wrap at the last space before 70 characters, as a typesetter would.
      let rest = line;
      while (rest.length > 70) {
        const cut = rest.lastIndexOf(" ", 70);
        page.drawText(rest.slice(0, cut), { x: 50, y, size: 11, font });
        rest = rest.slice(cut + 1);
        y -= 15;
      }
      page.drawText(rest, { x: 50, y, size: 11, font });
      y -= 15;
    }
    page.drawText(`Page ${i + 1} of ${pages.length}`, { x: 270, y: 30, size: 9, font });
  });
  return new Uint8Array(await pdf.save());
}

/** A scanned report: pages with only a picture (a grey box), no text layer. */
export async function makeScannedPdf(): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < 2; i++) {
    pdf.addPage([595, 842]).drawRectangle({
      x: 40,
      y: 40,
      width: 515,
      height: 760,
      color: rgb(0.8, 0.8, 0.8),
    });
  }
  return new Uint8Array(await pdf.save());
}

/** A Word transcript with headings, a title and an author in its properties. */
export async function makeDocx(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new DocxDocument({
    creator: "Mekong Labour Monitor",
    title: "Interview 7: compound survivor",
    sections: [
      {
        children: [
          new Paragraph({ text: "Interview 7", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "Background", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("R7 answered an online advert for a customer-service job in Bangkok."),
          new Paragraph({ text: "The compound", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("Guards took our phones and passports on the first day."),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A news article page: navigation, a cookie banner, a script and a footer around the story. */
export const ARTICLE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Trafficked into scam compounds | Example News</title>
  <meta property="og:title" content="Trafficked into scam compounds">
  <meta name="author" content="Jane Reporter">
  <meta property="article:published_time" content="2024-03-18T06:00:00Z">
  <style>body { font-family: serif }</style>
  <script>window.tracking = "SHOULD NOT APPEAR";</script>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a> <a href="/subscribe">Subscribe now</a></nav></header>
  <div class="cookie-banner">We use cookies. <button>Accept</button></div>
  <main>
    <article>
      <h1>Trafficked into scam compounds</h1>
      <p class="byline">By Jane Reporter</p>
      <p>Thousands of people answered job adverts promising well-paid work in customer service, only to find themselves held in compounds on the border, forced to run online fraud schemes for up to sixteen hours a day.</p>
      <h2>How the recruitment worked</h2>
      <p>Recruiters contacted victims through messaging apps and paid for their flights. On arrival, their passports were taken and they were told they owed the cost of their journey, a debt that grew with every fine for missing a target.</p>
      <p>Survivors described beatings and electric shocks for those who refused to work or tried to escape, and said that some guards were armed.</p>
      <h2>The response</h2>
      <p>Police in several countries have treated escaped workers as offenders rather than victims, charging them with illegal entry, according to rights groups who have interviewed dozens of survivors over the past year.</p>
      <script>document.write("SHOULD NOT APPEAR EITHER")</script>
    </article>
  </main>
  <aside><h3>Most read</h3><ul><li><a href="/a">Unrelated story one</a></li><li><a href="/b">Unrelated story two</a></li></ul></aside>
  <footer><p>© 2024 Example News. All rights reserved.</p><nav><a href="/privacy">Privacy</a></nav></footer>
</body>
</html>`;
