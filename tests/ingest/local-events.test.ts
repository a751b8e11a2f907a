import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createContext } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { handleS3Event } from "@gloss/core/ingest";
import { createApp } from "@gloss/functions/app";
import {
  deliverObjectCreated,
  EMBEDDED_CREDENTIALS,
  ensureStorage,
  startEmbeddedServices,
} from "@gloss/local";
import { expect, it } from "vitest";
import { makeDocx } from "./fixtures.ts";

it("the local runtime delivers the embedded S3's upload notification to the ingest handler", async () => {
  const directory = await mkdtemp(join(tmpdir(), "gloss-local-events-"));
  const services = await startEmbeddedServices({ s3Directory: directory });
  try {
    const ctx = createContext({
      tableName: "gloss",
      bucketName: "gloss-documents",
      dynamoEndpoint: services.dynamoEndpoint,
      s3Endpoint: services.s3Endpoint,
      credentials: EMBEDDED_CREDENTIALS,
    });
    await ensureStorage(ctx);
    const keys: string[] = [];
    const stop = deliverObjectCreated(services.s3, ctx.bucket, async (event) => {
      keys.push(...event.Records.map((r) => r.s3.object.key));
      return handleS3Event(ctx, event);
    });
    const app = createApp({ ctx });
    const me = await (await app.request("/api/me")).json();
    const ws = me.workspaces[0].id as string;
    const docx = await makeDocx();
    const started = await (
      await app.request(`/api/workspaces/${ws}/documents/uploads`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ fileName: "Interview 7.docx", size: docx.length }),
      })
    ).json();
    const put = await fetch(started.upload.url, {
      method: "PUT",
      headers: started.upload.headers,
      body: docx,
    });
    expect(put.status).toBe(200);
    await stop();
    // S3's encoding of the key: the stored key has %20 for the space, which becomes %2520.
    expect(keys).toEqual([
      `workspaces/${ws}/documents/${started.document.id}/v1/original/Interview%25207.docx`,
    ]);
    const document = await Document.get(ctx, ws, started.document.id);
    expect(document).toMatchObject({ status: "ready", title: "Interview 7: compound survivor" });
  } finally {
    await services.stop();
    await rm(directory, { recursive: true, force: true });
  }
});
