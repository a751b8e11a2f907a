import { handleS3Event } from "@gloss/core/ingest";
import { encodeEventKey } from "@gloss/local";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { documentPath, expectStatus, makeDocument } from "../support/data.ts";
import { sha256sumOf } from "./support.ts";

/** The ObjectCreated notification S3 sends for a PUT to a presigned URL. */
function objectCreated(bucket: string, key: string, size: number) {
  return {
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: { bucket: { name: bucket }, object: { key: encodeEventKey(key), size } },
      },
    ],
  };
}

describe("a version uploaded through a presigned URL", () => {
  it("records who uploaded it in its provenance, as a direct upload does", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: "The first edition of the report." });
    const bytes = new TextEncoder().encode("The second edition of the report, revised.");
    const started = await t.call("POST", `${documentPath(t, doc.id)}/versions/uploads`, {
      fileName: "second.txt",
      size: bytes.length,
    });
    expectStatus(started, 201);
    const put = await fetch(started.body.upload.url, {
      method: "PUT",
      headers: started.body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    // The ingest function reads the object when S3 says it arrived; no request carries a caller.
    const key = `workspaces/${t.workspaceId}/documents/${doc.id}/v2/original/second.txt`;
    const [outcome] = await handleS3Event(t.ctx, objectCreated(t.ctx.bucket, key, bytes.length));
    expect(outcome).toMatchObject({ outcome: "version" });

    const { body } = await t.call("GET", `${documentPath(t, doc.id)}/provenance`);
    const v2 = body.versions.find((v: { version: number }) => v.version === 2);
    expect(v2).toMatchObject({ source: "upload", addedBy: doc.createdBy });
    expect(v2.sourceSha256).toBe(await sha256sumOf(t.ctx, key));
  });
});
