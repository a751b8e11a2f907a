import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "@gloss/core/db";
import { ingestObject } from "@gloss/core/ingest";
import { describe, expect, it } from "vitest";
import { download, exportPath } from "../exports/support.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  documentPath,
  documentsPath,
  expectError,
  expectStatus,
  makeDocument,
} from "../support/data.ts";

/** A few sentences of testimony in each language, as a researcher's sources hold them. */
const TEXT = {
  ar: "قال العمال إن الوسيط أخذ جوازات سفرهم واحتفظ بها لعدة أشهر، ثم نقلهم إلى مجمع مغلق على الحدود.",
  my: "အလုပ်သမားများက ပွဲစားသည် ၎င်းတို့၏ နိုင်ငံကူးလက်မှတ်များကို ယူသွားပြီး လများစွာ သိမ်းထားသည်ဟု ပြောသည်။",
  en: "Workers said the broker took their passports and kept them for months before moving them to a closed compound near the border.",
  fr: "Les travailleurs ont déclaré que le recruteur avait confisqué leurs passeports pendant des mois avant de les transférer dans un complexe fermé.",
} as const;

/** The JSON-LD export's target source language of each annotation, by annotation id. */
async function targetLanguages(t: TestApp): Promise<Map<string, string | undefined>> {
  const reply = await download(t, exportPath(t, "annotations.jsonld"));
  expect(reply.status).toBe(200);
  const items: Array<{ id: string; target: { source: { language?: string } } }> = JSON.parse(
    reply.text,
  ).first.items;
  return new Map(items.map((i) => [i.id.split("/").pop()!, i.target.source.language]));
}

describe("a document's language", () => {
  it("is detected once when a pasted text is stored, and null when the text is too short to tell", async () => {
    const t = await makeTestApp();
    for (const [language, text] of Object.entries(TEXT)) {
      const created = await makeDocument(t, { title: `Source ${language}`, text });
      expect(created.language, language).toBe(language);
      const read = await t.call("GET", documentPath(t, created.id));
      expect(read.body, language).toMatchObject({ language, languageSource: "detected" });
    }
    const short = await makeDocument(t, { title: "Short", text: "Detained without charge" });
    expect((await t.call("GET", documentPath(t, short.id))).body.language).toBeNull();
  });

  it("is detected from an uploaded file, by either upload path", async () => {
    const t = await makeTestApp();
    const form = new FormData();
    form.append("file", new File([`<!doctype html><p>${TEXT.fr}</p>`], "page.html"));
    const multipart = await t.call("POST", documentsPath(t), form);
    expectStatus(multipart, 201);
    expect(multipart.body.language).toBe("fr");

    const bytes = new TextEncoder().encode(TEXT.ar);
    const started = await t.call("POST", `${documentsPath(t)}/uploads`, {
      fileName: "statement.txt",
      size: bytes.length,
    });
    expectStatus(started, 201);
    expect(started.body.document).toMatchObject({ language: null, languageSource: null });
    const put = await fetch(started.body.upload.url, {
      method: "PUT",
      headers: started.body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    const id = started.body.document.id;
    await ingestObject(
      t.ctx,
      `workspaces/${t.workspaceId}/documents/${id}/v1/original/statement.txt`,
    );
    const ready = await t.call("GET", documentPath(t, id));
    expect(ready.body).toMatchObject({
      status: "ready",
      language: "ar",
      languageSource: "detected",
    });
  });

  it("is detected again for a new text version, replacing the old one or a correction", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT.en });
    const corrected = await t.call("PATCH", documentPath(t, doc.id), {
      language: "en-GB",
      version: doc.version,
    });
    expectStatus(corrected, 200);
    expect(corrected.body).toMatchObject({ language: "en-GB", languageSource: "edited" });
    const pasted = await t.call("POST", `${documentPath(t, doc.id)}/versions`, { text: TEXT.fr });
    expectStatus(pasted, 201);
    expect(pasted.body.document).toMatchObject({
      textVersion: 2,
      language: "fr",
      languageSource: "detected",
    });
    const form = new FormData();
    form.append("file", new File([TEXT.my], "revised.txt"));
    const uploaded = await t.call("POST", `${documentPath(t, doc.id)}/versions`, form);
    expectStatus(uploaded, 201);
    expect(uploaded.body.document).toMatchObject({ textVersion: 3, language: "my" });
    const short = await t.call("POST", `${documentPath(t, doc.id)}/versions`, {
      text: "Detained without charge",
    });
    expect(short.body.document).toMatchObject({ textVersion: 4, language: null });
    expect((await t.call("GET", documentPath(t, doc.id))).body.language).toBeNull();
  });

  it("can be corrected with PATCH, version-checked, and the JSON-LD export follows it", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT.en });
    const passage = await annotate(t, doc.id, "the broker took their passports");
    expect((await targetLanguages(t)).get(passage.id)).toBe("en");

    const patched = await t.call("PATCH", documentPath(t, doc.id), {
      language: "fr-CA",
      version: doc.version,
    });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({ language: "fr-CA", version: doc.version + 1 });
    expect((await targetLanguages(t)).get(passage.id)).toBe("fr-CA");

    expectError(
      await t.call("PATCH", documentPath(t, doc.id), { language: "ar", version: doc.version }),
      409,
      "document.version_conflict",
    );
    for (const bad of ["english", "e", "fr_FR", "en-", "", "ar-123456789"]) {
      const reply = await t.call("PATCH", documentPath(t, doc.id), {
        language: bad,
        version: patched.body.version,
      });
      expect({ bad, status: reply.status, code: reply.body.error?.code }).toEqual({
        bad,
        status: 400,
        code: "request.invalid_body",
      });
    }
    for (const good of ["zh-Hant-TW", "sr-Latn", "es-419", "de-CH-1996", "x-private"]) {
      const current = (await t.call("GET", documentPath(t, doc.id))).body;
      const reply = await t.call("PATCH", documentPath(t, doc.id), {
        language: good,
        version: current.version,
      });
      expect({ good, status: reply.status, language: reply.body.language }).toEqual({
        good,
        status: 200,
        language: good,
      });
    }
    const current = (await t.call("GET", documentPath(t, doc.id))).body;
    const cleared = await t.call("PATCH", documentPath(t, doc.id), {
      language: null,
      version: current.version,
    });
    expectStatus(cleared, 200);
    expect(cleared.body).toMatchObject({ language: null, languageSource: "edited" });
    // Cleared by hand is the user's word: the export does not detect over it.
    expect((await targetLanguages(t)).get(passage.id)).toBeUndefined();
  });

  it("is detected from the restored text when a backup is restored", async () => {
    const t = await makeTestApp();
    await makeDocument(t, { title: "Burmese", text: TEXT.my });
    const res = await t.app.request(`/api/workspaces/${t.workspaceId}/backup`);
    expect(res.status).toBe(200);
    const backup = JSON.parse(await res.text());
    const created = await t.call("POST", "/api/workspaces", { name: "Restored" });
    expectStatus(created, 201);
    const target: string = created.body.id;
    expectStatus(await t.call("POST", `/api/workspaces/${target}/restore`, backup), 201);
    const listed = await t.call("GET", `/api/workspaces/${target}/documents`);
    expect(listed.body.items.map((d: { language: string | null }) => d.language)).toEqual(["my"]);
  });

  it("keeps a person's correction through a backup and restore, and a cleared one stays cleared", async () => {
    const t = await makeTestApp();
    const corrected = await makeDocument(t, { title: "Corrected", text: TEXT.en });
    const cleared = await makeDocument(t, { title: "Cleared", text: TEXT.fr });
    await makeDocument(t, { title: "Detected", text: TEXT.ar });
    expectStatus(
      await t.call("PATCH", documentPath(t, corrected.id), {
        language: "en-GB",
        version: corrected.version,
      }),
      200,
    );
    expectStatus(
      await t.call("PATCH", documentPath(t, cleared.id), {
        language: null,
        version: cleared.version,
      }),
      200,
    );
    const res = await t.app.request(`/api/workspaces/${t.workspaceId}/backup`);
    expect(res.status).toBe(200);
    const backup = JSON.parse(await res.text());
    const created = await t.call("POST", "/api/workspaces", { name: "Restored" });
    expectStatus(created, 201);
    const target: string = created.body.id;
    expectStatus(await t.call("POST", `/api/workspaces/${target}/restore`, backup), 201);
    const listed = (await t.call("GET", `/api/workspaces/${target}/documents`)).body
      .items as Array<{
      title: string;
      language: string | null;
      languageSource: string | null;
    }>;
    const byTitle = new Map(listed.map((d) => [d.title, [d.language, d.languageSource]]));
    expect(byTitle.get("Corrected")).toEqual(["en-GB", "edited"]);
    expect(byTitle.get("Cleared")).toEqual([null, "edited"]);
    expect(byTitle.get("Detected")).toEqual(["ar", "detected"]);
  });

  it("reads as null on a document stored before languages were, and the export detects it", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT.ar });
    const passage = await annotate(t, doc.id, [...TEXT.ar].slice(5, 25).join(""));
    await t.ctx.db.send(
      new UpdateCommand({
        TableName: t.ctx.table,
        Key: keys.document(t.workspaceId, doc.id),
        UpdateExpression: "REMOVE #language, languageSource",
        ExpressionAttributeNames: { "#language": "language" },
      }),
    );
    expect((await t.call("GET", documentPath(t, doc.id))).body).toMatchObject({
      language: null,
      languageSource: null,
    });
    expect((await targetLanguages(t)).get(passage.id)).toBe("ar");
  });
});
