import * as Refi from "@gloss/core/refi";
import * as Storage from "@gloss/core/storage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { manySourcesProject } from "../exports/refi-fixtures.ts";
import { CookieJar, makeUser } from "../support/auth.ts";
import { type Stage, startStage } from "./support/stage.ts";

// The Lambda entries as SST builds and runs them (tests/deployed/support): each bundle in its own
// process with links only in resource.enc, behind the Router, against the embedded services.

let stage: Stage;
beforeAll(async () => {
  stage = await startStage();
}, 300_000);
afterAll(async () => {
  await stage?.stop();
});

/** A request through the Router, as a browser on the app's origin makes it. */
function edge(path: string, init: RequestInit & { jar?: CookieJar } = {}) {
  const headers = new Headers(init.headers);
  if (init.jar) headers.set("cookie", init.jar.header());
  // The Router serves HTTPS; redirects name that origin, which is this loopback server here.
  const url = new URL(path, stage.edge.url);
  return fetch(`${stage.edge.url}${url.pathname}${url.search}`, {
    ...init,
    headers,
    redirect: "manual",
  }).then((res) => {
    init.jar?.store(res);
    return res;
  });
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** Signs in through the Router with the code the issuer mailed through SES. */
async function signIn(email: string) {
  const jar = new CookieJar();
  const login = await edge("/api/auth/login?returnTo=/", { jar });
  expect(login.status).toBe(302);
  let location = login.headers.get("location") ?? "";
  while (location && !location.includes("/email/authorize")) {
    location = (await edge(location, { jar })).headers.get("location") ?? "";
  }
  expect((await edge("/email/authorize", { jar })).status).toBe(200);
  const before = stage.ses.sent.length;
  const asked = await edge("/email/authorize", { ...form({ email, action: "request" }), jar });
  expect(asked.status).toBe(200);
  const mail = stage.ses.sent.slice(before).find((m) => m.to.includes(email));
  expect(mail, "the sign-in code was sent through SES").toBeDefined();
  const code = /\b(\d{6})\b/.exec(mail!.subject)?.[1] ?? "";
  const verified = await edge("/email/authorize", { ...form({ code, action: "verify" }), jar });
  expect(verified.status).toBe(302);
  const callback = new URL(verified.headers.get("location") ?? "", stage.edge.url);
  expect(callback.pathname).toBe("/api/auth/callback");
  const done = await edge(`${callback.pathname}${callback.search}`, { jar });
  expect(done.status).toBe(302);
  return { jar, code };
}

describe("a deployed stage", () => {
  it("answers the health check through the Router, with the edge's headers", async () => {
    const res = await edge("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("names each request by Lambda's request id, whatever id the client sent", async () => {
    const res = await edge("/api/health", { headers: { "x-request-id": "chosen-by-client" } });
    const lambdaId = res.headers.get("x-amzn-requestid");
    expect(lambdaId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(lambdaId);
  });

  it("signs in with a code delivered by SES, never logged, and signs out for good", async () => {
    const email = "researcher@example.org";
    const { jar, code } = await signIn(email);
    const [mail] = stage.ses.sent.filter((m) => m.to.includes(email));
    expect(mail).toMatchObject({ from: "sign-in@research.example.org" });
    expect(stage.fn("Auth").logs.join("\n")).not.toContain(code);

    const me = await edge("/api/me", { jar });
    expect(me.status, stage.fn("Api").logs.join("\n")).toBe(200);

    const refreshOnly = jar.header().replace(/gloss_access=[^;]+;?\s*/, "");
    const out = await edge("/api/auth/logout", {
      method: "POST",
      headers: { origin: stage.edge.url },
      jar,
    });
    expect(out.status).toBe(204);
    // A copy of the refresh token kept from before sign-out no longer opens a session.
    const stale = await edge("/api/me", { headers: { cookie: refreshOnly } });
    expect(stale.status).toBe(401);
  });

  it("keeps sign-in codes and refresh tokens in Gloss's table, hashed", async () => {
    const { jar } = await signIn("hashes@example.org");
    const refresh = /gloss_refresh=([^;]+)/.exec(jar.header())?.[1] ?? "";
    const secret = decodeURIComponent(refresh).split(":").at(-1) ?? "";
    expect(secret.length).toBeGreaterThan(16);
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const items =
      (await stage.ctx.db.send(new ScanCommand({ TableName: stage.ctx.table }))).Items ?? [];
    const refreshItems = items.filter((i) => i.pk === "AUTH#oauth:refresh");
    expect(refreshItems.length).toBeGreaterThan(0);
    expect(JSON.stringify(items)).not.toContain(secret);
  });

  it("creates, annotates and exports a document", async () => {
    const { workspaceId, auth } = await makeUser(stage.ctx, "writer@example.org");
    const headers = { ...auth, "content-type": "application/json" };
    const base = `/api/workspaces/${workspaceId}`;
    const text = "The recruiters kept every passport at the compound gate.";
    const created = await edge(`${base}/documents`, {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "Field notes", text }),
    });
    expect(created.status).toBe(201);
    const document = await created.json();
    const start = text.indexOf("every passport");
    const annotated = await edge(`${base}/documents/${document.id}/annotations`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        start,
        end: start + 14,
        exact: "every passport",
        note: "control of documents",
      }),
    });
    expect(annotated.status, await annotated.clone().text()).toBe(201);
    const csv = await edge(`${base}/exports/extracts.csv`, { headers: auth });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("every passport");
  });

  it("reads a presigned upload into its document when S3 notifies the ingest function", async () => {
    const { workspaceId, auth } = await makeUser(stage.ctx, "uploader@example.org");
    const bytes = new TextEncoder().encode(
      "Interview R4\n\nShe was told the debt doubled each month.\n",
    );
    const started = await edge(`/api/workspaces/${workspaceId}/documents/uploads`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ fileName: "r4.txt", size: bytes.length }),
    });
    expect(started.status).toBe(201);
    const { document, upload } = await started.json();
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
    expect(put.status).toBe(200);
    const key = `workspaces/${workspaceId}/documents/${document.id}/v1/original/r4.txt`;
    const outcomes = await stage.fn("Ingest").invoke({
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: "eu-west-1",
          eventTime: new Date().toISOString(),
          eventName: "ObjectCreated:Put",
          s3: {
            s3SchemaVersion: "1.0",
            bucket: { name: stage.ctx.bucket, arn: `arn:aws:s3:::${stage.ctx.bucket}` },
            object: { key, size: bytes.length },
          },
        },
      ],
    });
    expect(outcomes).toEqual([{ key, outcome: "ready" }]);
    const ready = await edge(`/api/workspaces/${workspaceId}/documents/${document.id}`, {
      headers: auth,
    });
    expect((await ready.json()).status).toBe("ready");
  });

  it("refuses every request that bypasses the Router, at both Function URLs", async () => {
    for (const name of ["Api", "Auth"]) {
      const direct = stage.fn(name).url;
      const path = name === "Api" ? "/api/health" : "/.well-known/jwks.json";
      const bare = await fetch(`${direct}${path}`);
      expect(bare.status, `${name} straight to its Function URL`).toBe(403);
      expect((await bare.json()).error.code).toBe("request.not_through_edge");
      const guessed = await fetch(`${direct}${path}`, {
        headers: { "x-gloss-edge": "guess", "x-gloss-viewer-address": "198.51.100.1" },
      });
      expect(guessed.status).toBe(403);
    }
  });

  it("limits sign-in attempts per viewer however X-Forwarded-For rotates", async () => {
    // The issuer allows 30 sign-in posts per address per 10 minutes (auth/issuer.ts); the 31st
    // from one viewer is refused whatever the client writes into the address headers.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await edge("/email/authorize", {
        ...form({ email: `spray${i}@example.org`, action: "request" }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-test-viewer": "203.0.113.9",
          "x-forwarded-for": `10.1.${i}.${i}`,
          "x-gloss-viewer-address": `10.2.${i}.${i}`,
        },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30)).not.toContain(429);
    expect(statuses.at(-1)).toBe(429);
  });

  it("marks an upload failed, with a reason, once ingest has used its retries", async () => {
    const { workspaceId, auth } = await makeUser(stage.ctx, "timeout@example.org");
    const started = await edge(`/api/workspaces/${workspaceId}/documents/uploads`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ fileName: "Annual report 2024.pdf", size: 1000 }),
    });
    const { document } = await started.json();
    // The record Lambda sends to an on-failure destination (the key URL-encoded as S3 sends it).
    const stored = `workspaces/${workspaceId}/documents/${document.id}/v1/original/${encodeURIComponent("Annual report 2024.pdf")}`;
    const key = stored.split("/").map(encodeURIComponent).join("/");
    const result = await stage.fn("IngestFailed").invoke({
      version: "1.0",
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: "c0ffee00-0000-4000-8000-000000000001",
        functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:gloss-test-Ingest:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      },
      requestPayload: {
        Records: [
          {
            eventVersion: "2.1",
            eventSource: "aws:s3",
            eventName: "ObjectCreated:Put",
            s3: { bucket: { name: stage.ctx.bucket }, object: { key, size: 1000 } },
          },
        ],
      },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: {
        errorMessage: "2026-12-01T21:00:00.000Z Task timed out after 300.00 seconds",
      },
    });
    expect(result, JSON.stringify(stage.fn("IngestFailed").logs)).toMatchObject({
      code: "ingest.timeout",
      marked: [expect.any(String)],
    });
    // Counted as a CloudWatch metric by reason (Embedded Metric Format in the function's log).
    await vi.waitFor(() => {
      const emf = stage
        .fn("IngestFailed")
        .logs.filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line));
      expect(emf).toContainEqual(
        expect.objectContaining({ reason: "ingest.timeout", IngestFailures: 1 }),
      );
      expect(emf[0]._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: "Gloss",
        Dimensions: [expect.arrayContaining(["reason"])],
        Metrics: [{ Name: "IngestFailures", Unit: "Count" }],
      });
    });
    const failed = await edge(`/api/workspaces/${workspaceId}/documents/${document.id}`, {
      headers: auth,
    });
    expect(await failed.json()).toMatchObject({
      status: "failed",
      failureReason: expect.stringContaining("took too long"),
    });
  });
});

describe("a background REFI-QDA import on a deployed stage", () => {
  /** The notification S3 sends the ingest function when the API writes an import's job object. */
  const created = (key: string) => ({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        eventName: "ObjectCreated:Put",
        s3: { bucket: { name: stage.ctx.bucket }, object: { key, size: 100 } },
      },
    ],
  });

  async function upload(workspaceId: string, auth: Record<string, string>, file: Uint8Array) {
    const started = await edge(`/api/workspaces/${workspaceId}/imports/uploads`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ fileName: "project.qdpx", size: file.length }),
    });
    expect(started.status).toBe(201);
    const { uploadId, upload } = await started.json();
    const put = await fetch(upload.url, {
      method: "PUT",
      headers: upload.headers,
      body: Buffer.from(file),
    });
    expect(put.status).toBe(200);
    const posted = await edge(`/api/workspaces/${workspaceId}/imports/project.qdpx`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ uploadId }),
    });
    expect(posted.status).toBe(202);
    return { uploadId, summary: await posted.json() };
  }

  it("is handed to the ingest function through storage and completed there, not in the API's frozen instance", async () => {
    const { workspaceId, auth } = await makeUser(stage.ctx, "importer@example.org");
    const { summary } = await upload(workspaceId, auth, manySourcesProject(3, 5));
    expect(summary).toMatchObject({ status: "running", progress: { done: 0, total: 3 } });
    const key = Refi.jobKey(workspaceId, summary.importId);
    expect(await Storage.metadataOf(stage.ctx, key), "the API wrote the job object").not.toBeNull();
    // Nothing goes on in the API after its response: the import waits for the worker.
    const waiting = await edge(`/api/workspaces/${workspaceId}/imports/${summary.importId}`, {
      headers: auth,
    });
    expect((await waiting.json()).progress.done).toBe(0);
    const outcomes = await stage.fn("Ingest").invoke(created(encodeURIComponent(key)));
    expect(outcomes).toEqual([{ key, outcome: "import.done" }]);
    // A second delivery of the same event finds nothing left to run.
    expect(await stage.fn("Ingest").invoke(created(key))).toEqual([
      { key, outcome: "import.not_running" },
    ]);
    const done = await edge(`/api/workspaces/${workspaceId}/imports/${summary.importId}`, {
      headers: auth,
    });
    expect(await done.json()).toMatchObject({
      status: "done",
      progress: { done: 3, total: 3 },
      imported: { documents: 3, annotations: 15 },
    });
  });

  it("is marked failed by the failure destination once ingest's retries are spent, and resumes when posted again", async () => {
    const { workspaceId, auth } = await makeUser(stage.ctx, "retries@example.org");
    const file = manySourcesProject(2, 4);
    const { summary } = await upload(workspaceId, auth, file);
    const key = Refi.jobKey(workspaceId, summary.importId);
    const result = await stage.fn("IngestFailed").invoke({
      requestContext: {
        requestId: "c0ffee00-0000-4000-8000-000000000002",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      },
      requestPayload: created(key),
      responsePayload: { errorType: "Error", errorMessage: "socket hang up" },
    });
    expect(result).toMatchObject({ code: "ingest.retries_exhausted", marked: [key] });
    const failed = await edge(`/api/workspaces/${workspaceId}/imports/${summary.importId}`, {
      headers: auth,
    });
    expect(await failed.json()).toMatchObject({
      status: "failed",
      failure: expect.stringContaining("post the same upload again"),
    });
    const again = await upload(workspaceId, auth, file);
    expect(again.summary).toMatchObject({ status: "running", importId: summary.importId });
    expect(await stage.fn("Ingest").invoke(created(key))).toEqual([
      { key, outcome: "import.done" },
    ]);
    const done = await edge(`/api/workspaces/${workspaceId}/imports/${summary.importId}`, {
      headers: auth,
    });
    expect(await done.json()).toMatchObject({
      status: "done",
      imported: { documents: 2, annotations: 8 },
    });
  });
});
