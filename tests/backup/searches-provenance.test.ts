import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectError, expectStatus, makeDocument } from "../support/data.ts";

// A backup carries the researcher's saved searches (a document filter follows the document to its
// new id) and each document's provenance (hashes, source, capture), so a restored workspace re-runs
// the same searches and shows the same chain of custody.

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
type Json = any;

const ws = (id: string) => `/api/workspaces/${id}`;

const ARTICLE =
  "<html><head><title>Raid on the dormitory</title></head><body><article><h1>Raid on the dormitory</h1>" +
  "<p>At dawn the broker kept every passport in a locked room.</p>" +
  "<p>Workers said the recruiter demanded fees before any visa.</p></article></body></html>";

/** A pasted document, a page sent from the browser (a capture), three saved searches. */
async function makeWorkspace(t: TestApp): Promise<{ captured: string; gone: string }> {
  const base = ws(t.workspaceId);
  await makeDocument(t, { title: "Ministry letter", text: "The broker denied keeping passports." });
  const sent = await t.call("POST", `${base}/documents/sent-pages`, {
    url: "https://paywalled.example.org/story?id=7",
    html: ARTICLE,
  });
  expectStatus(sent, 201);
  const gone = await makeDocument(t, { title: "Deleted later", text: "A passport was found." });
  const save = async (body: Json) =>
    expectStatus(await t.call("POST", `${base}/queries`, body), 201);
  await save({ name: "Passports everywhere", q: "passport*", tags: ["forced-labour"] });
  await save({
    name: "Fees in the raid",
    q: "fees OR passport",
    options: { case: false, word: true, regex: false },
    documentIds: [sent.body.id],
  });
  await save({ name: "Only the deleted one", q: "passport", documentIds: [gone.id] });
  expect((await t.call("DELETE", `${base}/documents/${gone.id}`)).status).toBe(204);
  return { captured: sent.body.id, gone: gone.id };
}

const searchesOf = async (t: TestApp, workspaceId: string): Promise<Json[]> => {
  const reply = await t.call("GET", `${ws(workspaceId)}/queries`);
  expectStatus(reply, 200);
  return reply.body.items;
};

const provenanceOf = async (t: TestApp, workspaceId: string, documentId: string) => {
  const reply = await t.call("GET", `${ws(workspaceId)}/documents/${documentId}/provenance`);
  expectStatus(reply, 200);
  return reply.body;
};

/** What a user sees of a saved search, its document filter through `ids` (old id → new id). */
const shown = (search: Json, ids: Map<string, string> = new Map()) => {
  const { id: _id, workspaceId: _workspaceId, ...fields } = search;
  return { ...fields, documentIds: fields.documentIds.map((d: string) => ids.get(d) ?? d) };
};

async function backupOf(t: TestApp): Promise<Json> {
  const res = await t.app.request(`${ws(t.workspaceId)}/backup`);
  expect(res.status).toBe(200);
  return JSON.parse(await res.text());
}

async function newWorkspace(t: TestApp, name: string): Promise<string> {
  const reply = await t.call("POST", "/api/workspaces", { name });
  expectStatus(reply, 201);
  return reply.body.id;
}

describe("backup of saved searches and document provenance", () => {
  let t: TestApp;
  let made: { captured: string; gone: string };
  let backup: Json;

  beforeAll(async () => {
    t = await makeTestApp();
    made = await makeWorkspace(t);
    backup = await backupOf(t);
  });

  it("backs up the searches it can restore and every document's provenance", async () => {
    expect(backup.savedSearches.map((s: Json) => s.name)).toEqual([
      "Passports everywhere",
      "Fees in the raid",
    ]);
    expect(backup.totals.savedSearches).toBe(2);
    // Restored without its one document, it would search everything: left out, and said so.
    expect(backup.skippedSearches).toEqual([
      expect.objectContaining({ name: "Only the deleted one" }),
    ]);
    const captured = backup.documents.find((d: Json) => d.id === made.captured);
    const { versions } = await provenanceOf(t, t.workspaceId, made.captured);
    const { addedByName: _name, ...record } = versions[0];
    expect(captured.provenance).toEqual([record]);
    expect(record.capture).toMatchObject({ via: "browser", finalUrl: expect.any(String) });
  });

  it("restores the same searches over the restored documents, and the same provenance", async () => {
    const target = await newWorkspace(t, "Restored");
    const reply = await t.call("POST", `${ws(target)}/restore`, backup);
    expectStatus(reply, 201);
    expect(reply.body.restored.savedSearches).toBe(2);
    const ids = new Map<string, string>(
      reply.body.documents.map((d: Json) => [d.from, d.to] as [string, string]),
    );
    const before = (await searchesOf(t, t.workspaceId)).filter(
      (s) => s.name !== "Only the deleted one",
    );
    const after = await searchesOf(t, target);
    expect(after.map((s) => shown(s))).toEqual(before.map((s) => shown(s, ids)));
    expect(after[1].documentIds).toEqual([ids.get(made.captured)]);

    // Re-run, the mapped filter searches the restored capture only.
    const run = await t.call("GET", `${ws(target)}/queries/${after[1].id}/hits`);
    expectStatus(run, 200);
    expect(run.body.documents.map((d: Json) => d.documentId)).toEqual([ids.get(made.captured)]);
    const original = await provenanceOf(t, t.workspaceId, made.captured);
    const restored = await provenanceOf(t, target, ids.get(made.captured)!);
    expect(restored).toEqual({ ...original, documentId: ids.get(made.captured) });
  });

  it("restores an older backup, without searches or provenance, as before", async () => {
    const older = structuredClone(backup);
    delete older.savedSearches;
    delete older.skippedSearches;
    delete older.totals.savedSearches;
    for (const d of older.documents) delete d.provenance;
    const target = await newWorkspace(t, "Older");
    const reply = await t.call("POST", `${ws(target)}/restore`, older);
    expectStatus(reply, 201);
    expect(reply.body.restored.savedSearches).toBeUndefined();
    expect(await searchesOf(t, target)).toEqual([]);
    const restored = await provenanceOf(t, target, reply.body.documents[0].to);
    // No record in the backup: hashed from the restored objects when first asked for.
    expect(restored.versions[0].hashedWhen).toBe("later");
  });

  it("describes the saved searches and the provenance in the OpenAPI document", async () => {
    const spec = (await t.call("GET", "/api/openapi.json")).body;
    const schema = spec.components.schemas.WorkspaceBackup;
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["savedSearches", "skippedSearches"]),
    );
    expect(schema.required).not.toContain("savedSearches");
    const document = schema.properties.documents.items;
    expect(document.properties.provenance.description).toMatch(/absent in older backups/);
    expect(document.required).not.toContain("provenance");
    expect(spec.components.schemas.RestoreResult.properties.restored.properties).toHaveProperty(
      "savedSearches",
    );
  });

  it("refuses searches naming what the backup lacks, and provenance not of the text", async () => {
    const target = await newWorkspace(t, "Refused");
    const edited = (change: (b: Json) => void) => {
      const copy = structuredClone(backup);
      change(copy);
      return copy;
    };
    const cases: Array<[Json, string]> = [
      [
        edited((b) => {
          b.savedSearches[1].documentIds = [made.gone];
        }),
        "backup.reference",
      ],
      [
        edited((b) => {
          b.savedSearches[0].tags = ["no-such-code"];
        }),
        "backup.unknown_tag",
      ],
      [
        edited((b) => {
          b.savedSearches[0].options.regex = true;
          b.savedSearches[0].q = "(unclosed";
        }),
        "backup.saved_search_query",
      ],
      [
        edited((b) => {
          b.savedSearches.pop();
        }),
        "backup.incomplete",
      ],
      [
        edited((b) => {
          const captured = b.documents.find((d: Json) => d.id === made.captured);
          captured.provenance[0].textSha256 = "0".repeat(64);
        }),
        "backup.provenance",
      ],
      [
        edited((b) => {
          const captured = b.documents.find((d: Json) => d.id === made.captured);
          captured.provenance[0].sourceSha256 = "0".repeat(64);
        }),
        "backup.provenance",
      ],
    ];
    for (const [body, code] of cases) {
      expectError(await t.call("POST", `${ws(target)}/restore`, body), 422, code);
    }
    expect(await searchesOf(t, target)).toEqual([]);
    expect((await t.call("GET", `${ws(target)}/documents`)).body.items).toEqual([]);
  });
});
