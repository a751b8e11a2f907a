import { beforeAll, describe, expect, it } from "vitest";
import { download, exportPath } from "../tests/exports/support.ts";
import { makeTestApp, type TestApp } from "../tests/support/app.ts";
import { annotate, expectStatus, makeDocument, tickingClock } from "../tests/support/data.ts";
import { W3cSuite } from "./support/w3c-suite.ts";

const ANNOTATION_MUSTS = "annotations/annotationMusts.test";
const COLLECTION_MUSTS = "collections/collectionMusts.test";
const PAGE_MUSTS = "collections/pages/pageMusts.test";

/**
 * Passages with codes, notes, an emoji, right-to-left text, an orphan-free link, and a note-only
 * one. The export tests' corpora open the same way (a report, a second source), but each holds
 * what its format must carry; this one is the suite's input, kept beside the suite.
 */
async function corpus(t: TestApp) {
  const doc = await makeDocument(t, {
    title: "Broker report",
    text: "Workers 🙂 said the broker took their passports.\n\nالشرطة احتجزت العمال\n\nLater the police arrested them.",
    sourceUrl: "https://example.org/report",
  });
  const other = await makeDocument(t, { title: "Second source" });
  const broker = await annotate(t, doc.id, "said the broker", {
    tags: ["trafficking", "deceptive-recruitment"],
    note: "Named in two sources",
  });
  await annotate(t, doc.id, "الشرطة احتجزت", { tags: ["arbitrary-detention"] });
  const passport = await annotate(t, other.id, "collected every passport", {
    tags: [],
    note: "Only a note",
  });
  expectStatus(
    await t.call("POST", `/api/workspaces/${t.workspaceId}/links`, {
      fromId: broker.id,
      toId: passport.id,
      relation: "corroborates",
      note: "Same broker",
    }),
    201,
  );
}

describe("annotations.jsonld against the W3C Web Annotation test suite", () => {
  let suite: W3cSuite;
  // biome-ignore lint/suspicious/noExplicitAny: exported JSON-LD
  let collection: any;

  beforeAll(async () => {
    suite = new W3cSuite();
    const t = await makeTestApp({ now: tickingClock() });
    await corpus(t);
    const reply = await download(t, exportPath(t, "annotations.jsonld"));
    expect(reply.status).toBe(200);
    collection = JSON.parse(reply.text);
  });

  it("runs every assertion of the MUST lists", () => {
    for (const list of [ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS]) {
      expect(suite.assertions(list).length, list).toBeGreaterThanOrEqual(10);
    }
  });

  it("passes every collection MUST", () => {
    expect(suite.failures(COLLECTION_MUSTS, collection)).toEqual([]);
  });

  it("passes every page MUST, for the embedded page and the collection with its page", () => {
    const page = { "@context": collection["@context"], ...collection.first };
    expect(suite.failures(PAGE_MUSTS, page)).toEqual([]);
    expect(suite.failures(PAGE_MUSTS, collection)).toEqual([]);
  });

  it("passes every annotation MUST, for passages and links alike", () => {
    const items = collection.first.items;
    expect(items.length).toBe(4);
    expect(collection.total).toBe(items.length);
    for (const item of items) {
      const annotation = { "@context": collection["@context"], ...item };
      expect(suite.failures(ANNOTATION_MUSTS, annotation), item.id).toEqual([]);
    }
  });

  it("fails the suite on what Gloss used to write: a tagging body with an id, a page without one", () => {
    // The runner must be able to fail: the two MUST violations issue 12 measured.
    const item = structuredClone(collection.first.items[0]);
    item["@context"] = collection["@context"];
    item.body = [
      { type: "TextualBody", purpose: "tagging", id: "http://x.example/tags/a", value: "A" },
    ];
    expect(suite.failures(ANNOTATION_MUSTS, item).join("\n")).toContain("3.3.5-bodyEWRNoPurpose");
    const page = { "@context": collection["@context"], ...collection.first };
    delete page.id;
    expect(suite.failures(PAGE_MUSTS, page).join("\n")).toContain("5.2-pageIdValidated");
  });
});

describe("language in annotations.jsonld, by the W3C suite's language assertions", () => {
  const LANGUAGE = [
    "annotations/bodiesTargets/3.2.1-bodyLanguage.json",
    "annotations/bodiesTargets/3.2.1-bodySingleLanguage.json",
    "annotations/bodiesTargets/3.2.1-targLanguage.json",
    "annotations/bodiesTargets/3.2.1-targSingleLanguage.json",
  ];

  it("gives a valid language on the note's body and on the target's source, and still passes every MUST", async () => {
    const suite = new W3cSuite();
    const t = await makeTestApp({ now: tickingClock() });
    const doc = await makeDocument(t, {
      title: "Rapport",
      text: "Les travailleurs ont déclaré que le recruteur avait confisqué leurs passeports pendant des mois.",
    });
    await annotate(t, doc.id, "le recruteur avait confisqué", {
      tags: ["trafficking"],
      note: "The same broker is named in the second interview, with the compound's address.",
    });
    const reply = await download(t, exportPath(t, "annotations.jsonld"));
    const collection = JSON.parse(reply.text);
    const item = { "@context": collection["@context"], ...collection.first.items[0] };
    expect(item.target.source.language).toBe("fr");
    expect(item.body.map((b: { language?: string }) => b.language)).toEqual([undefined, "en"]);
    expect(suite.failures(ANNOTATION_MUSTS, item)).toEqual([]);
    const results = suite.run("annotations/annotationOptionals.test", item);
    for (const assertion of LANGUAGE) {
      const result = results.find((r) => r.assertion === assertion);
      expect(result, assertion).toBeDefined();
      expect(result?.passed, `${assertion}: ${result?.message}`).toBe(true);
    }
  });
});
