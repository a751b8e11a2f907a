import { readFile } from "node:fs/promises";
import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as Ingest from "@gloss/core/ingest";

/** Passages of the sample annotated on first run, so a new user sees the reader at work. */
const SAMPLE_ANNOTATIONS = [
  {
    quote: "promised a monthly wage of 450 dollars, free meals and a contract of one year",
    tags: ["deceptive-recruitment"],
    note: "Compare with what was actually paid (next paragraphs).",
  },
  {
    quote: "the agent collected every passport",
    tags: ["forced-labour", "trafficking"],
    note: "Document retention: ILO forced-labour indicator.",
  },
  {
    quote: "recorded as a debt and deducted from earnings",
    tags: ["forced-labour"],
    note: "Debt bondage.",
  },
  {
    quote: "locked in the fish hold overnight as a punishment",
    tags: ["torture", "arbitrary-detention"],
    note: "",
  },
  {
    quote: "local police detained him for eleven days for entering the country without documents",
    tags: ["victim-criminalisation", "state-response"],
    note: "",
  },
  {
    quote: "inspection reports were sometimes signed in exchange for cash",
    tags: ["corruption"],
    note: "Single source (former clerk); needs corroboration.",
  },
];

/** Adds the sample document to a workspace, with a few annotations. */
export async function seedSample(ctx: Context, workspaceId: string, userId: string): Promise<void> {
  const fileName = "harbour-report.md";
  const bytes = await readFile(new URL(`./${fileName}`, import.meta.url));
  // Through the same extractor as an upload, so the sample reads as an uploaded file would.
  const extracted = await Ingest.extract(bytes, fileName);
  const document = await Document.create(ctx, workspaceId, userId, {
    title: extracted.title ?? "Sample report",
    text: extracted.text,
    original: { bytes, fileName, contentType: extracted.contentType },
  });
  const text = await Document.getText(ctx, workspaceId, document.id);
  for (const sample of SAMPLE_ANNOTATIONS) {
    const start = text.indexOf(sample.quote);
    if (start === -1) continue;
    await Annotation.create(ctx, workspaceId, document.id, userId, {
      start,
      end: start + sample.quote.length,
      exact: sample.quote,
      tags: sample.tags,
      note: sample.note,
    });
  }
}
