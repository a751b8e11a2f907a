import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { documentPath, documentsPath, expectStatus, makeDocument } from "../support/data.ts";
import { documentPrefix, keysUnder, sha256sumOf } from "./support.ts";

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Detention report</title></head>
<body><article><h1>Detention report</h1><p>Seven men were held without charge for ninety days.</p>
<p>Their families were not told where they were.</p></article></body></html>`;

describe("hashes at collection", () => {
  it("records the SHA-256 of the stored text and original, equal to sha256sum of the objects", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: "Café — naïve text\r\nwith CRLF and 🙂." });
    const reply = await t.call("GET", `${documentPath(t, doc.id)}/provenance`);
    expectStatus(reply, 200);
    const [v1] = reply.body.versions;
    const prefix = documentPrefix(t.workspaceId, doc.id);
    expect(v1).toMatchObject({ version: 1, source: "paste", addedBy: doc.createdBy });
    expect(v1.hashedWhen).toBe("stored");
    expect(v1.textSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/text.txt`));
    expect(v1.sourceSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/original/pasted.txt`));
    // The text was canonicalised, so the two hashes differ: each is of its own object.
    expect(v1.textSha256).not.toBe(v1.sourceSha256);
  });

  it("hashes an uploaded file's bytes and each new version, with who added it", async () => {
    const t = await makeTestApp();
    const form = new FormData();
    form.set("file", new File([HTML], "report.html", { type: "text/html" }));
    const created = await t.call("POST", documentsPath(t), form);
    expectStatus(created, 201);
    const id = created.body.id as string;
    expectStatus(
      await t.call("POST", `${documentPath(t, id)}/versions`, { text: "A revised text." }),
      201,
    );
    const { body } = await t.call("GET", `${documentPath(t, id)}/provenance`);
    const prefix = documentPrefix(t.workspaceId, id);
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const [v1, v2] = body.versions;
    expect(v1.source).toBe("upload");
    expect(v1.sourceFileName).toBe("report.html");
    expect(v1.sourceSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/original/report.html`));
    expect(v1.textSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/text.txt`));
    expect(v2).toMatchObject({
      source: "paste",
      sourceSha256: null,
      addedBy: created.body.createdBy,
    });
    expect(v2.textSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v2/text.txt`));
  });

  it("hashes a document stored before hashing once, from its stored objects, and keeps that record", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    // A document from before hashing: no provenance item.
    await t.ctx.db.send(
      new DeleteCommand({
        TableName: t.ctx.table,
        Key: { pk: `WS#${t.workspaceId}`, sk: `PROV#${doc.id}#0000000001` },
      }),
    );
    const first = await t.call("GET", `${documentPath(t, doc.id)}/provenance`);
    const again = await t.call("GET", `${documentPath(t, doc.id)}/provenance`);
    const prefix = documentPrefix(t.workspaceId, doc.id);
    expect(first.body.versions[0]).toMatchObject({
      hashedWhen: "later",
      source: "paste",
      textSha256: await sha256sumOf(t.ctx, `${prefix}v1/text.txt`),
      sourceSha256: await sha256sumOf(t.ctx, `${prefix}v1/original/pasted.txt`),
    });
    // Idempotent: the second read finds the record the first wrote, not a new hash.
    expect(again.body.versions[0].hashedAt).toBe(first.body.versions[0].hashedAt);
    expect(await keysUnder(t.ctx, prefix)).toHaveLength(2);
  });

  it("answers 404 for a document that does not exist", async () => {
    const t = await makeTestApp();
    const reply = await t.call("GET", `${documentPath(t, "doc_nope")}/provenance`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe("document.not_found");
  });
});
