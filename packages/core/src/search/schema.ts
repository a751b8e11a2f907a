import { z } from "zod";
import { Annotation } from "../annotation/schema.ts";
import { withAttributeFilter } from "../attribute/index.ts";
import { TagId } from "../codebook/schema.ts";
import { IdList } from "../findings/id-list.ts";
import { type CodeFailure, MAX_CODE_HITS } from "./code.ts";
import { MAX_QUERY_LENGTH } from "./query.ts";

/** A query-string switch: true, false, 1 or 0; absent is false. */
const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

const Q = z
  .string()
  .min(1, "the query is empty")
  .max(MAX_QUERY_LENGTH)
  .describe(
    'Words, "exact phrases", AND/OR/NOT (juxtaposition is AND), parentheses, trailing * wildcards and a NEAR/n b; a regular expression when regex=true',
  );

/** A date or its prefix: a year, a month or a day. */
const DateBound = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "a date as YYYY, YYYY-MM or YYYY-MM-DD")
  .optional();

const SearchQueryShape = z.strictObject({
  q: Q,
  case: flag.describe("Case-sensitive (diacritics are still ignored)"),
  word: flag.describe("Whole words only (clitics such as l', و and ال and a possessive 's aside)"),
  regex: flag.describe("q is a JavaScript regular expression, run under a time limit"),
  documentId: IdList.describe("Only these documents (comma-separated ids)"),
  tag: IdList.describe("Only hits inside passages coded with one of these codes (comma-separated)"),
  coded: z
    .enum(["inside", "outside"])
    .optional()
    .describe(
      "inside: only hits within coded passages (with one of `tag`, when given); outside: only hits outside them",
    ),
  publishedFrom: DateBound.describe(
    "Only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); documents without a date are left out",
  ),
  publishedTo: DateBound.describe(
    "Only documents published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)",
  ),
  limit: z.coerce.number().int().min(1).max(500).optional().describe("1 to 500; 50 when absent"),
  cursor: z.string().max(2048).optional().describe("nextCursor of the previous page"),
});

/** The search's parameters, with `attr.<id or name>=v1,v2` document attribute filters. */
export const SearchQuery = withAttributeFilter(SearchQueryShape);

/** search.csv takes the search's own parameters, without paging: the file holds every hit. */
export const SearchCsvQuery = withAttributeFilter(
  SearchQueryShape.omit({ limit: true, cursor: true }).extend({
    bom: z
      .enum(["0", "1"])
      .optional()
      .describe("1: start with a UTF-8 byte order mark, so Excel reads the file as UTF-8"),
  }),
);

const SearchHitSchema = z
  .object({
    documentId: z.string(),
    title: z.string(),
    start: z
      .number()
      .int()
      .describe("UTF-16 offset of the hit in the document's current canonical text"),
    end: z.number().int().describe("Exclusive end offset"),
    exact: z.string().describe("text.slice(start, end)"),
    before: z.string().describe("Up to 60 characters before the hit"),
    after: z.string().describe("Up to 60 characters after the hit"),
    page: z.number().int().nullable().describe("Page of the source (PDF), null without pages"),
    paragraph: z.number().int().describe("1-based paragraph of the canonical text"),
    coded: z.boolean().describe("Whether a coded passage holds the whole hit"),
    codes: z.array(z.string()).describe("Codes of the passages holding the whole hit"),
  })
  .meta({ id: "SearchHit" });

export const SearchResult = z
  .object({
    items: z.array(SearchHitSchema),
    total: z.number().int().describe("Hits of the whole search, every page"),
    documents: z
      .array(z.object({ documentId: z.string(), title: z.string(), count: z.number().int() }))
      .describe("Hits per document, for every document with a hit"),
    nextCursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end"),
  })
  .meta({ id: "SearchResult" });

const Offset = z.number().int().min(0);

export const CodeSearchInput = z
  .strictObject({
    q: Q,
    options: z
      .strictObject({
        case: z.boolean().default(false),
        word: z.boolean().default(false),
        regex: z.boolean().default(false),
      })
      .default({ case: false, word: false, regex: false }),
    documentIds: z.array(z.string().max(64)).max(1000).optional().describe("Only these documents"),
    tags: z
      .array(TagId)
      .min(1)
      .max(20)
      .refine((tags) => new Set(tags).size === tags.length, "each code at most once")
      .describe("Codes to apply"),
    hits: z
      .union([
        z.literal("all"),
        z
          .array(z.strictObject({ documentId: z.string().max(64), start: Offset, end: Offset }))
          .min(1)
          .max(MAX_CODE_HITS),
      ])
      .describe('"all", or the hits to code as the search returned them'),
    expand: z
      .enum(["none", "sentence", "paragraph"])
      .default("none")
      .describe("Code the hit itself, or the sentence or paragraph holding it"),
  })
  .meta({ id: "CodeSearchInput" });
export type CodeSearchInput = z.infer<typeof CodeSearchInput>;

/** A passage that could not be coded, and why (the code and message of its refusal). */
export const CodingFailure = z.object({
  documentId: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  code: z.string(),
  message: z.string(),
}) satisfies z.ZodType<CodeFailure>;

/** The counts of a coding from search: a request's answer and a background job's record alike. */
export const CodingTally = {
  hits: z.number().int().describe("Hits selected"),
  passages: z.number().int().describe("Passages after expansion, each once"),
  created: z.number().int(),
  skipped: z.number().int().describe("Passages already coded with every requested code"),
};

export const CodeSearchResult = z
  .object({
    ...CodingTally,
    failed: z.array(CodingFailure),
    annotationIds: z.array(z.string()).describe("Annotations this request created"),
  })
  .meta({ id: "CodeSearchResult" });

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD")
  .optional();

export const AnnotationSearchQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_LENGTH).default("").describe("Words that must all occur; empty: all"),
  in: z
    .enum(["notes", "quotes", "both"])
    .default("both")
    .describe("Search the notes, the quoted passages, or both"),
  author: IdList.describe("Only annotations by these members (comma-separated user ids)"),
  from: Day.describe("Created on or after this day (UTC)"),
  to: Day.describe("Created on or before this day (UTC)"),
  limit: z.coerce.number().int().min(1).max(500).optional().describe("1 to 500; 50 when absent"),
  cursor: z.string().max(2048).optional().describe("nextCursor of the previous page"),
});

export const AnnotationSearchResult = z
  .object({
    items: z.array(
      z.object({
        annotation: Annotation,
        matched: z.array(z.enum(["note", "quote"])).describe("Fields that hold every word"),
      }),
    ),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "AnnotationSearchResult" });
