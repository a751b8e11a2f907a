import { serializeW3CTextAnnotation } from "@recogito/text-annotator";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  expectStatus,
  makeDocument,
  readAllPages,
  tagsPath,
  workspaceAnnotationsPath,
} from "../support/data.ts";

// Annotations shaped exactly as the other tools write them: Hypothesis's JSON-LD presenter
// (h/presenters/annotation_jsonld.py: no motivation, the note a Markdown TextualBody without
// purpose, tags as tagging TextualBodies, `acct:` creator string, target an array with the web
// page as source and its XPath/position/quote selectors) and its API JSON (search rows with
// `text`, `tags`, `uri`, `user`); Recogito's own serializer (`serializeW3CTextAnnotation` of
// @recogito/text-annotator, called here as the browser calls it: UUID ids on bodies and
// selectors, bodies with `created`, UTF-16 positions).

const PAGE_URL = "https://news.example.org/scam-compounds";

const ARTICLE = [
  "Inside the compounds 🙂 workers said the broker took their passports on arrival.",
  "Guards locked the dormitory at night. Police detained two men who escaped.",
  "A survivor said the broker took their passports too, and demanded 450 dollars.",
].join("\n\n");

const importPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`;

async function workspace() {
  const t = await makeTestApp();
  const doc = await makeDocument(t, {
    title: "Scam compounds",
    text: ARTICLE,
    sourceUrl: PAGE_URL,
  });
  expectStatus(await t.call("POST", tagsPath(t), { id: "detention", label: "Détention" }), 201);
  return { t, doc };
}

async function stored(t: TestApp) {
  return (await readAllPages(t, workspaceAnnotationsPath(t), 100)).items;
}

async function codebook(t: TestApp): Promise<string[]> {
  return (await t.call("GET", tagsPath(t))).body.items.map((c: { id: string }) => c.id);
}

/** A Hypothesis annotation as its JSON-LD presenter writes it. */
function hypothesisJsonLd(options: {
  id: string;
  text: string;
  tags: string[];
  exact: string;
  prefix: string;
  suffix: string;
  source?: string;
  position?: [number, number];
}) {
  const [start, end] = options.position ?? [1200, 1200 + options.exact.length];
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    id: `https://hypothes.is/a/${options.id}`,
    created: "2024-05-02T10:11:12.000000+00:00",
    modified: "2024-05-02T10:11:12.000000+00:00",
    creator: "acct:ana@hypothes.is",
    body: [
      { type: "TextualBody", value: options.text, format: "text/markdown" },
      ...options.tags.map((tag) => ({ type: "TextualBody", value: tag, purpose: "tagging" })),
    ],
    target: [
      {
        source: options.source ?? PAGE_URL,
        selector: [
          {
            type: "XPathSelector",
            value: "/main[1]/article[1]/p[2]",
            refinedBy: { type: "TextPositionSelector", start: 4, end: 4 + options.exact.length },
          },
          // Positions in the web page's text, navigation and all: not Gloss's.
          { type: "TextPositionSelector", start, end },
          {
            type: "TextQuoteSelector",
            exact: options.exact,
            prefix: options.prefix,
            suffix: options.suffix,
          },
        ],
      },
    ],
  };
}

describe("importing Hypothesis annotations", () => {
  it("keeps Markdown notes and tags, lands on the document captured from the page, tolerates the page's whitespace", async () => {
    const { t, doc } = await workspace();
    const file = [
      hypothesisJsonLd({
        id: "h1",
        text: "The broker is **named** in [two sources](https://example.org).",
        tags: ["forced LABOUR", "detention"],
        exact: "took their passports on arrival",
        // The page wraps lines and indents: Gloss's text has single spaces here.
        prefix: "compounds 🙂 workers said\n        the broker ",
        suffix: ".\n\n\n      Guards",
        source: `${PAGE_URL}/#comments`,
      }),
      hypothesisJsonLd({
        id: "h2",
        text: "",
        tags: ["Détention"],
        exact: "Police detained two men",
        prefix: "at night. ",
        suffix: " who escaped",
      }),
    ];
    const reply = await t.call("POST", importPath(t), file);
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({ imported: 2, tagsCreated: [], skipped: [] });
    const byExact = new Map((await stored(t)).map((a) => [a.exact, a]));
    const first = byExact.get("took their passports on arrival");
    expect(first).toMatchObject({
      documentId: doc.id,
      start: ARTICLE.indexOf("took their passports on arrival"),
      tags: ["forced-labour", "detention"],
      note: "The broker is **named** in [two sources](https://example.org).",
    });
    // An empty Markdown body is no note; "Détention" and "detention" are the same code.
    expect(byExact.get("Police detained two men")).toMatchObject({ note: "", tags: ["detention"] });
  });

  it("reads the API's search result, and says why a reply or an unknown page is skipped", async () => {
    const { t, doc } = await workspace();
    const row = (id: string, extra: Record<string, unknown>) => ({
      id,
      created: "2024-05-02T10:11:12.000000+00:00",
      updated: "2024-05-02T10:11:12.000000+00:00",
      user: "acct:ana@hypothes.is",
      uri: PAGE_URL,
      group: "__world__",
      permissions: { read: ["group:__world__"], admin: ["acct:ana@hypothes.is"] },
      document: { title: ["Scam compounds"] },
      links: { html: `https://hypothes.is/a/${id}`, incontext: `https://hyp.is/${id}` },
      user_info: { display_name: "Ana" },
      flagged: false,
      hidden: false,
      ...extra,
    });
    const quote = (exact: string, prefix: string, suffix: string) => [
      {
        source: PAGE_URL,
        selector: [
          {
            type: "RangeSelector",
            startContainer: "/main[1]/p[3]",
            startOffset: 0,
            endContainer: "/main[1]/p[3]",
            endOffset: 30,
          },
          { type: "TextPositionSelector", start: 900, end: 900 + exact.length },
          { type: "TextQuoteSelector", exact, prefix, suffix },
        ],
      },
    ];
    const search = {
      total: 3,
      rows: [
        row("r1", {
          text: "Demanded a *fee*",
          tags: ["Corruption"],
          target: quote("demanded 450 dollars", "too, and ", "."),
        }),
        row("r2", {
          text: "Agreed.",
          tags: [],
          references: ["r1"],
          target: [{ source: PAGE_URL }],
        }),
        row("r3", {
          uri: "https://elsewhere.example.org/other",
          text: "Elsewhere",
          tags: [],
          target: [{ source: "https://elsewhere.example.org/other", selector: [] }],
        }),
      ],
    };
    const reply = await t.call("POST", importPath(t), search);
    expectStatus(reply, 200);
    expect(reply.body.annotations).toEqual([
      { id: "r1", status: "imported", annotationId: expect.stringMatching(/^ann_/) },
      { id: "r2", status: "skipped", reason: "annotation.reply_not_supported" },
      { id: "r3", status: "skipped", reason: "target.unknown_document" },
    ]);
    expect((await stored(t))[0]).toMatchObject({
      documentId: doc.id,
      exact: "demanded 450 dollars",
      tags: ["corruption"],
      note: "Demanded a *fee*",
    });
  });

  it("refuses a quote found twice with no context or position to choose by", async () => {
    const { t } = await workspace();
    const ambiguous = hypothesisJsonLd({
      id: "h3",
      text: "Which one?",
      tags: [],
      exact: "said the broker took their passports",
      prefix: "",
      suffix: "",
    });
    ambiguous.target[0]!.selector = ambiguous.target[0]!.selector.slice(2);
    const reply = await t.call("POST", importPath(t), ambiguous);
    expectStatus(reply, 200);
    expect(reply.body.skipped).toEqual([
      { id: "https://hypothes.is/a/h3", reason: "anchor.quote_ambiguous" },
    ]);
    expect(await stored(t)).toEqual([]);
  });
});

/** A Recogito annotation as its editor holds it, before serialising. */
function recogitoAnnotation(exact: string, start: number, tag: string, comment: string) {
  const id = crypto.randomUUID();
  const creator = { id: "mailto:ana@example.org", name: "Ana" };
  const created = new Date("2024-06-01T08:00:00Z");
  const bodies = [
    {
      id: crypto.randomUUID(),
      annotation: id,
      type: "TextualBody",
      purpose: "tagging",
      value: tag,
      creator,
      created,
    },
    {
      id: crypto.randomUUID(),
      annotation: id,
      type: "TextualBody",
      purpose: "commenting",
      value: comment,
      creator,
      created,
    },
  ];
  return {
    id,
    bodies,
    target: {
      annotation: id,
      selector: [{ id: crypto.randomUUID(), quote: exact, start, end: start + exact.length }],
      creator,
      created,
    },
  };
}

describe("importing Recogito annotations", () => {
  it("maps tag bodies to existing codes by label, not by their UUIDs, and reads UTF-16 positions", async () => {
    const { t, doc } = await workspace();
    const exact = "workers said the broker";
    // After the emoji, UTF-16 and code point positions differ by one.
    const start = ARTICLE.indexOf(exact);
    expect([...ARTICLE.slice(0, start)].length).toBe(start - 1);
    const source = `http://localhost/api/workspaces/${t.workspaceId}/documents/${doc.id}`;
    const file = [
      serializeW3CTextAnnotation(
        recogitoAnnotation(exact, start, "Forced labour", "Named again later") as never,
        source,
      ),
      serializeW3CTextAnnotation(
        recogitoAnnotation(
          "Guards locked the dormitory",
          ARTICLE.indexOf("Guards"),
          "forced labour",
          "Night",
        ) as never,
        PAGE_URL,
      ),
    ];
    expect((file[0]!.body as unknown as Array<Record<string, unknown>>)[0]).toMatchObject({
      id: expect.any(String),
      created: expect.any(String),
    });
    const before = await codebook(t);
    const reply = await t.call("POST", importPath(t), file);
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({ imported: 2, tagsCreated: [], skipped: [] });
    expect(await codebook(t)).toEqual(before);
    const annotations = await stored(t);
    expect(annotations.map((a) => [a.exact, a.start, a.tags, a.note]).sort()).toEqual(
      [
        [exact, start, ["forced-labour"], "Named again later"],
        ["Guards locked the dormitory", ARTICLE.indexOf("Guards"), ["forced-labour"], "Night"],
      ].sort(),
    );

    const again = await t.call("POST", importPath(t), { type: "AnnotationPage", items: file });
    expectStatus(again, 200);
    expect(again.body.imported).toBe(0);
    expect(again.body.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      "annotation.already_exists",
      "annotation.already_exists",
    ]);
  });

  it("creates a code only for a label the codebook lacks", async () => {
    const { t } = await workspace();
    const exact = "demanded 450 dollars";
    const file = serializeW3CTextAnnotation(
      recogitoAnnotation(exact, ARTICLE.indexOf(exact), "Debt bondage", "Fee") as never,
      PAGE_URL,
    );
    const reply = await t.call("POST", importPath(t), file);
    expectStatus(reply, 200);
    expect(reply.body.tagsCreated).toEqual(["debt-bondage"]);
    expect((await stored(t))[0]!.tags).toEqual(["debt-bondage"]);
  });
});
