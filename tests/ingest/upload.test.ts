import { handleS3Event } from "@gloss/core/ingest";
import { encodeEventKey } from "@gloss/local";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  documentPath,
  documentsPath,
  expectError,
  expectStatus,
  objectKeys,
} from "../support/data.ts";
import { makeDocx, makePdf } from "./fixtures.ts";

/** An S3 ObjectCreated notification as Lambda receives it: the key URL-encoded, form style. */
function s3Event(bucket: string, key: string, size: number) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: new Date().toISOString(),
        eventName: "ObjectCreated:Put",
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "Ingest",
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeEventKey(key), size, sequencer: "0065F1A2B3C4D5E6F7" },
        },
      },
    ],
  };
}

/** Starts an upload through the API and PUTs the bytes to the presigned URL, as a browser does. */
async function upload(
  t: TestApp,
  fileName: string,
  bytes: Uint8Array<ArrayBuffer>,
  extra: object = {},
) {
  const started = await t.call("POST", `${documentsPath(t)}/uploads`, {
    fileName,
    size: bytes.length,
    ...extra,
  });
  expectStatus(started, 201);
  const put = await fetch(started.body.upload.url, {
    method: "PUT",
    headers: started.body.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  const key = `workspaces/${t.workspaceId}/documents/${started.body.document.id}/v1/original/${encodeURIComponent(fileName)}`;
  return { document: started.body.document, upload: started.body.upload, key };
}

let t: TestApp;
let handler: (event: unknown) => Promise<unknown>;

beforeAll(async () => {
  t = await makeTestApp();
  // The Lambda entry reads its table and bucket from SST links, as in AWS; these point it at
  // this file's table and bucket on the embedded services.
  const s3Endpoint = (await t.ctx.s3.config.endpoint?.())!;
  vi.stubEnv("SST_RESOURCE_Table", JSON.stringify({ name: t.ctx.table, type: "sst.aws.Dynamo" }));
  vi.stubEnv(
    "SST_RESOURCE_Documents",
    JSON.stringify({ name: t.ctx.bucket, type: "sst.aws.Bucket" }),
  );
  vi.stubEnv(
    "AWS_ENDPOINT_URL_S3",
    `${s3Endpoint.protocol}//${s3Endpoint.hostname}:${s3Endpoint.port}`,
  );
  const dynamoEndpoint = (await t.ctx.db.config.endpoint?.())!;
  vi.stubEnv(
    "AWS_ENDPOINT_URL_DYNAMODB",
    `${dynamoEndpoint.protocol}//${dynamoEndpoint.hostname}:${dynamoEndpoint.port}`,
  );
  vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  vi.stubEnv("AWS_REGION", "us-east-1");
  handler = (await import("@gloss/functions/ingest")).handler as typeof handler;
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe("direct uploads", () => {
  it("creates a pending document, then the ingest Lambda makes it ready from the uploaded PDF", async () => {
    const pdf = await makePdf({ title: "Field report: border compounds" });
    const {
      document,
      upload: target,
      key,
    } = await upload(t, "Field report (May 2024).pdf", pdf, {
      contentType: "application/pdf",
    });
    expect(document.status).toBe("pending");
    expect(document.upload).toMatchObject({ version: 1, status: "pending", size: pdf.length });
    expect(target).toMatchObject({ method: "PUT", maxBytes: 50 * 1024 * 1024 });
    expect(new URL(target.url).searchParams.get("X-Amz-SignedHeaders")).toContain("content-length");
    // Listed as pending while the file is read: never as ready before its text exists.
    const listed = await t.call("GET", documentsPath(t));
    expect(listed.body.items.find((d: { id: string }) => d.id === document.id).status).toBe(
      "pending",
    );
    expectError(
      await t.call("GET", `${documentPath(t, document.id)}/text`),
      409,
      "document.not_ready",
    );

    const outcomes = await handler(s3Event(t.ctx.bucket, key, pdf.length));
    expect(outcomes).toEqual([{ key, outcome: "ready" }]);

    const ready = await t.call("GET", documentPath(t, document.id));
    expect(ready.body).toMatchObject({
      status: "ready",
      failureReason: null,
      upload: null,
      pageCount: 3,
      title: "Field report: border compounds",
      contentType: "application/pdf",
      fileName: "Field report (May 2024).pdf",
    });
    const text = await t.call("GET", `${documentPath(t, document.id)}/text`);
    expect(text.text).toContain("collected every passport");
    expect(ready.body.textLength).toBe(text.text.length);
    const pages = await t.call("GET", `${documentPath(t, document.id)}/pages`);
    expect(pages.body).toEqual({
      version: 1,
      pageStarts: [0, text.text.indexOf("Anyone"), text.text.indexOf("Local police")],
    });

    // A repeated notification (S3 delivers at least once) changes nothing.
    expect(await handler(s3Event(t.ctx.bucket, key, pdf.length))).toEqual([
      { key, outcome: "skipped", reason: "no upload awaits this object" },
    ]);
  });

  it("keeps the title the uploader gave over the file's own", async () => {
    const docx = await makeDocx();
    const { document, key } = await upload(t, "interview.docx", docx, { title: "R7, Mae Sot" });
    await handleS3Event(t.ctx, s3Event(t.ctx.bucket, key, docx.length));
    const ready = await t.call("GET", documentPath(t, document.id));
    expect(ready.body).toMatchObject({
      status: "ready",
      title: "R7, Mae Sot",
      author: "Mekong Labour Monitor",
    });
  });

  it("marks a corrupt PDF failed with the reason and writes no text", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.7\nthis is not really a PDF at all\n%%EOF");
    const { document, key } = await upload(t, "broken.pdf", bytes);
    const [outcome] = (await handleS3Event(t.ctx, s3Event(t.ctx.bucket, key, bytes.length))) ?? [];
    expect(outcome).toMatchObject({ outcome: "failed", code: "document.corrupt_file" });
    const failed = await t.call("GET", documentPath(t, document.id));
    expect(failed.body).toMatchObject({ status: "failed", textLength: 0 });
    expect(failed.body.failureReason).toMatch(/could not be read/);
    expect(
      await objectKeys(t.ctx, `workspaces/${t.workspaceId}/documents/${document.id}/`),
    ).toEqual([key]);
    // A failed document can be deleted like any other.
    expect((await t.call("DELETE", documentPath(t, document.id))).status).toBe(204);
  });

  it("marks a file whose content does not match its name failed", async () => {
    const bytes = new TextEncoder().encode("Plain notes, not a Word file.");
    const { document, key } = await upload(t, "notes.docx", bytes);
    await handleS3Event(t.ctx, s3Event(t.ctx.bucket, key, bytes.length));
    const failed = await t.call("GET", documentPath(t, document.id));
    expect(failed.body.status).toBe("failed");
    expect(failed.body.failureReason).toMatch(/not a Word/);
  });

  it("refuses an upload over the limit with 413 and an unsupported type with 415", async () => {
    expectError(
      await t.call("POST", `${documentsPath(t)}/uploads`, {
        fileName: "huge.pdf",
        size: 50 * 1024 * 1024 + 1,
      }),
      413,
      "document.file_too_large",
    );
    expectError(
      await t.call("POST", `${documentsPath(t)}/uploads`, { fileName: "photo.png", size: 1000 }),
      415,
      "document.unsupported_type",
    );
  });

  it("honours a lower configured limit, also for a file that arrives larger than announced", async () => {
    vi.stubEnv("GLOSS_MAX_UPLOAD_BYTES", "2000");
    try {
      expectError(
        await t.call("POST", `${documentsPath(t)}/uploads`, { fileName: "a.txt", size: 2001 }),
        413,
        "document.file_too_large",
      );
      const { document, key } = await upload(t, "a.txt", new Uint8Array(100).fill(65));
      // The embedded S3 does not check signatures, so a larger body than signed gets through…
      await t.ctx.s3.send(
        new (await import("@aws-sdk/client-s3")).PutObjectCommand({
          Bucket: t.ctx.bucket,
          Key: key,
          Body: new Uint8Array(3000).fill(65),
        }),
      );
      // …and ingest refuses it.
      const [outcome] = await handleS3Event(t.ctx, s3Event(t.ctx.bucket, key, 3000));
      expect(outcome).toMatchObject({ outcome: "failed", code: "document.file_too_large" });
      expect((await t.call("GET", documentPath(t, document.id))).body.status).toBe("failed");
    } finally {
      vi.stubEnv("GLOSS_MAX_UPLOAD_BYTES", "");
    }
  });

  it("ignores notifications for objects nobody awaits", async () => {
    const created = await t.call("POST", documentsPath(t), { title: "Pasted", text: "Some text." });
    const key = `workspaces/${t.workspaceId}/documents/${created.body.id}/v1/original/pasted.txt`;
    expect(await handleS3Event(t.ctx, s3Event(t.ctx.bucket, key, 10))).toMatchObject([
      { outcome: "skipped" },
    ]);
    expect(
      await handleS3Event(t.ctx, s3Event(t.ctx.bucket, "workspaces/x/other/file.txt", 1)),
    ).toMatchObject([{ outcome: "skipped", reason: "not an original file" }]);
  });
});

describe("creating documents from files through the API", () => {
  it("accepts a PDF, a Word file and an HTML page as multipart uploads", async () => {
    const files: Array<[string, Uint8Array<ArrayBuffer>, string]> = [
      ["report.pdf", await makePdf(), "application/pdf"],
      ["interview.docx", await makeDocx(), "wordprocessingml"],
      [
        "page.html",
        new TextEncoder().encode(
          "<!doctype html><title>Brief</title><p>Short brief on detention.</p>",
        ),
        "text/html",
      ],
    ];
    for (const [name, bytes, type] of files) {
      const form = new FormData();
      form.append("file", new File([bytes], name));
      const reply = await t.call("POST", documentsPath(t), form);
      expectStatus(reply, 201);
      expect(reply.body.status).toBe("ready");
      expect(reply.body.contentType).toContain(type);
    }
  });

  it("refuses a file named .pdf that is not a PDF with 415", async () => {
    const form = new FormData();
    form.append("file", new File(["hello"], "report.pdf"));
    expectError(await t.call("POST", documentsPath(t), form), 415, "document.content_mismatch");
  });

  it("refuses a scanned PDF with 422 and says why", async () => {
    const { makeScannedPdf } = await import("./fixtures.ts");
    const form = new FormData();
    form.append("file", new File([await makeScannedPdf()], "scan.pdf"));
    const reply = await t.call("POST", documentsPath(t), form);
    expectError(reply, 422, "document.no_text_layer");
    expect(reply.body.error.message).toContain("no text layer (scanned?)");
  });
});
