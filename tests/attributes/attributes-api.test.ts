import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  documentPath,
  documentsPath,
  expectError,
  expectStatus,
  makeDocument,
} from "../support/data.ts";

const attributesPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/attributes`;

async function defineSet(t: TestApp) {
  const country = await t.call("POST", attributesPath(t), { name: "Country", type: "text" });
  expectStatus(country, 201);
  const kind = await t.call("POST", attributesPath(t), {
    name: "Source type",
    type: "choice",
    choices: ["UN report", "NGO report", "News article"],
  });
  expectStatus(kind, 201);
  const year = await t.call("POST", attributesPath(t), { name: "Year", type: "number" });
  const topics = await t.call("POST", attributesPath(t), {
    name: "Topics",
    type: "choices",
    choices: ["labour", "detention"],
  });
  const seen = await t.call("POST", attributesPath(t), { name: "Verified", type: "boolean" });
  const on = await t.call("POST", attributesPath(t), { name: "Visited on", type: "date" });
  for (const r of [year, topics, seen, on]) expectStatus(r, 201);
  return { country: country.body, kind: kind.body };
}

describe("attribute definitions", () => {
  it("defines, lists, renames and version-checks attributes", async () => {
    const t = await makeTestApp();
    const { kind } = await defineSet(t);
    expect(kind).toMatchObject({ id: "source-type", type: "choice", version: 1 });
    const listed = await t.call("GET", attributesPath(t));
    expectStatus(listed, 200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([
      "country",
      "source-type",
      "topics",
      "verified",
      "visited-on",
      "year",
    ]);
    const renamed = await t.call("PATCH", `${attributesPath(t)}/source-type`, {
      name: "Kind of source",
      version: 1,
    });
    expectStatus(renamed, 200);
    expect(renamed.body).toMatchObject({ id: "source-type", name: "Kind of source", version: 2 });
    const stale = await t.call("PATCH", `${attributesPath(t)}/source-type`, {
      name: "Again",
      version: 1,
    });
    expectError(stale, 409, "attribute.version_conflict");
  });

  it("refuses bad definitions with clear 4xx errors", async () => {
    const t = await makeTestApp();
    await defineSet(t);
    expectError(
      await t.call("POST", attributesPath(t), { name: "country", type: "text" }),
      409,
      "attribute.exists",
    );
    expectError(
      await t.call("POST", attributesPath(t), { name: "Region", type: "choice" }),
      422,
      "attribute.choices_required",
    );
    expectError(
      await t.call("POST", attributesPath(t), { name: "Pages", type: "number", choices: ["1"] }),
      422,
      "attribute.choices_not_allowed",
    );
    expectError(
      await t.call("POST", attributesPath(t), { name: "Colour", type: "colour" }),
      400,
      "request.invalid_body",
    );
    expectError(
      await t.call("POST", attributesPath(t), { name: "X", type: "choice", choices: ["a", "A"] }),
      400,
      "request.invalid_body",
    );
    expectError(
      await t.call("PATCH", `${attributesPath(t)}/source-type`, {
        name: "Country",
        version: 1,
      }),
      409,
      "attribute.exists",
    );
    expectError(await t.call("GET", `${attributesPath(t)}/nope`), 404, "route.not_found");
    expectError(await t.call("DELETE", `${attributesPath(t)}/nope`), 404, "attribute.not_found");
  });

  it("adds the starter set once", async () => {
    const t = await makeTestApp();
    const first = await t.call("POST", `${attributesPath(t)}/starter`);
    expectStatus(first, 200);
    const again = await t.call("POST", `${attributesPath(t)}/starter`);
    expect(again.body.items.map((a: { id: string }) => a.id)).toEqual([
      "country",
      "publication-year",
      "source-type",
    ]);
    expect((await t.call("GET", attributesPath(t))).body.items).toHaveLength(3);
  });
});

describe("document values", () => {
  it("sets values by name or id, checked against the definitions, and the author", async () => {
    const t = await makeTestApp();
    await defineSet(t);
    const doc = await makeDocument(t);
    const set = await t.call("PATCH", documentPath(t, doc.id), {
      author: "Amnesty International",
      attributes: {
        Country: "Cambodia",
        "source-type": "ngo report",
        Year: 2023,
        Topics: ["labour", "Detention", "labour"],
        Verified: true,
        "Visited on": "2024-02-29",
      },
      version: doc.version,
    });
    expectStatus(set, 200);
    expect(set.body.author).toBe("Amnesty International");
    expect(set.body.attributes).toEqual({
      country: "Cambodia",
      "source-type": "NGO report",
      year: 2023,
      topics: ["labour", "detention"],
      verified: true,
      "visited-on": "2024-02-29",
    });
    const read = await t.call("GET", documentPath(t, doc.id));
    expect(read.body.attributes.country).toBe("Cambodia");
    const cleared = await t.call("PATCH", documentPath(t, doc.id), {
      attributes: { country: null },
      author: null,
      version: set.body.version,
    });
    expectStatus(cleared, 200);
    expect(cleared.body.attributes.country).toBeUndefined();
    expect(cleared.body.attributes.year).toBe(2023);
    expect(cleared.body.author).toBeNull();
  });

  it("refuses wrong types, unknown choices and unknown attributes, writing nothing", async () => {
    const t = await makeTestApp();
    await defineSet(t);
    const doc = await makeDocument(t);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ Year: "2023" }, "attribute.invalid_value"],
      [{ Verified: "yes" }, "attribute.invalid_value"],
      [{ "Visited on": "2023-02-30" }, "attribute.invalid_value"],
      [{ "Source type": "Blog post" }, "attribute.unknown_choice"],
      [{ Topics: ["labour", "fishing"] }, "attribute.unknown_choice"],
      [{ Topics: "labour" }, "attribute.invalid_value"],
      [{ Region: "Asia" }, "attribute.unknown"],
      [{ Country: "  " }, "attribute.invalid_value"],
    ];
    for (const [attributes, code] of bad) {
      const reply = await t.call("PATCH", documentPath(t, doc.id), {
        title: "Changed",
        attributes: { Country: "Cambodia", ...attributes },
        version: doc.version,
      });
      expectError(reply, 422, code);
    }
    const after = await t.call("GET", documentPath(t, doc.id));
    expect(after.body).toMatchObject({ title: doc.title, version: doc.version, attributes: {} });
    expectError(
      await t.call("PATCH", documentPath(t, doc.id), { attributes: { Country: 5 }, version: 1 }),
      422,
      "attribute.invalid_value",
    );
    expectError(
      await t.call("PATCH", documentPath(t, doc.id), {
        attributes: { Country: { a: 1 } },
        version: 1,
      }),
      400,
      "request.invalid_body",
    );
  });

  it("filters the document list by attribute values", async () => {
    const t = await makeTestApp();
    await defineSet(t);
    const a = await makeDocument(t, { title: "A" });
    const b = await makeDocument(t, { title: "B" });
    await makeDocument(t, { title: "C" });
    await t.call("PATCH", documentPath(t, a.id), {
      attributes: { country: "Cambodia", "source-type": "NGO report" },
      version: 1,
    });
    await t.call("PATCH", documentPath(t, b.id), {
      attributes: { country: "Myanmar", "source-type": "NGO report" },
      version: 1,
    });
    const titles = async (query: string) =>
      (await t.call("GET", `${documentsPath(t)}?${query}`)).body.items
        .map((d: { title: string }) => d.title)
        .sort();
    expect(await titles("attr.country=cambodia")).toEqual(["A"]);
    expect(await titles("attr.Country=Cambodia,Myanmar")).toEqual(["A", "B"]);
    expect(await titles("attr.source-type=NGO%20report&attr.country=Myanmar")).toEqual(["B"]);
    expectError(
      await t.call("GET", `${documentsPath(t)}?attr.source-type=Blog`),
      422,
      "attribute.unknown_choice",
    );
    expectError(await t.call("GET", `${documentsPath(t)}?attr.region=x`), 422, "attribute.unknown");
    expectError(
      await t.call("GET", `${documentsPath(t)}?atr.country=x`),
      400,
      "request.unknown_field",
    );
  });

  it("deleting an attribute in use asks first, then removes the values", async () => {
    const t = await makeTestApp();
    await defineSet(t);
    const doc = await makeDocument(t);
    await t.call("PATCH", documentPath(t, doc.id), {
      attributes: { country: "Cambodia" },
      version: 1,
    });
    expectError(await t.call("DELETE", `${attributesPath(t)}/country`), 409, "attribute.in_use");
    expect((await t.call("GET", documentPath(t, doc.id))).body.attributes.country).toBe("Cambodia");
    const removed = await t.call("DELETE", `${attributesPath(t)}/country?mode=remove`);
    expectStatus(removed, 200);
    expect(removed.body).toEqual({ deleted: true, documentsChanged: 1 });
    const after = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(after.attributes).toEqual({});
    expect(after.version).toBe(3);
    // A choice still in use cannot be dropped from the list.
    await t.call("PATCH", documentPath(t, doc.id), {
      attributes: { "source-type": "UN report" },
      version: 3,
    });
    expectError(
      await t.call("PATCH", `${attributesPath(t)}/source-type`, {
        choices: ["NGO report"],
        version: 1,
      }),
      409,
      "attribute.choice_in_use",
    );
  });
});
