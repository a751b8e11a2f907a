import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { annotate, makeDocument } from "../support/data.ts";
import { download, exportPath } from "./support.ts";

/** Keys the Web Annotation context (anno.jsonld) defines that Gloss puts on a target's source. */
const ANNO_SOURCE_TERMS = new Set(["id", "type", "format"]);

describe("annotations.jsonld context", () => {
  it("defines every key of a target's source, the hashes included, as a full IRI", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: "Seven men were held without charge." });
    await annotate(t, doc.id, "held without charge");
    const reply = await download(t, exportPath(t, "annotations.jsonld"));
    const collection = JSON.parse(reply.text);
    const context = collection["@context"];
    // The annotation context first, as the W3C model requires of an array.
    expect(Array.isArray(context)).toBe(true);
    expect(context[0]).toBe("http://www.w3.org/ns/anno.jsonld");
    const terms = Object.assign({}, ...context.slice(1));
    const [item] = collection.first.items;
    const keys = Object.keys(item.target.source).filter((k) => !ANNO_SOURCE_TERMS.has(k));
    expect(keys.sort()).toEqual(["sourceSha256", "textSha256", "textVersion"]);
    for (const key of keys) {
      const id = typeof terms[key] === "string" ? terms[key] : terms[key]?.["@id"];
      expect({ key, absolute: /^[a-z][a-z0-9+.-]*:/i.test(id ?? "") }).toEqual({
        key,
        absolute: true,
      });
    }
  });
});
