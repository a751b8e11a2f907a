import type { Context } from "@gloss/core/context";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { REPORT_TEXT, storageSnapshot } from "../support/data.ts";
import {
  configureLambdaEnvironment,
  type FunctionUrlRequest,
  functionUrlEvent,
  lambdaContext,
  multipart,
} from "../support/lambda.ts";

interface BufferedResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

type BufferedHandler = (event: unknown, context: unknown) => Promise<BufferedResult>;

describe("the API Lambda handler, buffered (no response-streaming runtime)", () => {
  let ctx: Context;
  let handler: BufferedHandler;

  const invoke = async (request: FunctionUrlRequest) => {
    const result = await handler(functionUrlEvent(request), lambdaContext());
    const text = result.isBase64Encoded
      ? Buffer.from(result.body, "base64").toString("utf8")
      : result.body;
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
    return { ...result, text, json: json as any };
  };

  beforeAll(async () => {
    ctx = await configureLambdaEnvironment();
    Reflect.deleteProperty(globalThis, "awslambda");
    vi.resetModules();
    handler = (await import("@gloss/functions/api")).handler as unknown as BufferedHandler;
  });

  it("answers the health check", async () => {
    const result = await invoke({ method: "GET", path: "/api/health" });
    expect(result.statusCode).toBe(200);
    expect(result.headers["content-type"]).toMatch(/^application\/json/);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.json).toMatchObject({ status: "ok" });
  });

  it("creates a document from a JSON event and reads it back, in the linked table and bucket", async () => {
    const me = await invoke({ method: "GET", path: "/api/me" });
    expect(me.statusCode).toBe(200);
    const ws = me.json.workspaces[0].id as string;

    const created = await invoke({
      method: "POST",
      path: `/api/workspaces/${ws}/documents`,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Border town report", text: REPORT_TEXT }),
    });
    expect(created.statusCode).toBe(201);
    const docId = created.json.id as string;
    expect(docId).toMatch(/^doc_/);

    const got = await invoke({ method: "GET", path: `/api/workspaces/${ws}/documents/${docId}` });
    expect(got.statusCode).toBe(200);
    expect(got.json).toMatchObject({ id: docId, title: "Border town report" });

    const text = await invoke({
      method: "GET",
      path: `/api/workspaces/${ws}/documents/${docId}/text`,
    });
    expect(text.statusCode).toBe(200);
    expect(text.headers["content-type"]).toMatch(/^text\/plain/);
    expect(text.text).toBe(REPORT_TEXT);

    const listed = await invoke({
      method: "GET",
      path: `/api/workspaces/${ws}/documents`,
      query: "limit=1",
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json.items.map((d: { id: string }) => d.id)).toEqual([docId]);

    // The handler wrote to the table and bucket named by the SST resource links.
    const stored = await storageSnapshot(ctx);
    expect(stored.items.some((item) => item.id === docId)).toBe(true);
    expect(stored.objects.some((key) => key.includes(docId))).toBe(true);
  });

  it("accepts a base64-encoded multipart upload, as Function URLs deliver binary bodies", async () => {
    const ws = (await invoke({ method: "GET", path: "/api/me" })).json.workspaces[0].id;
    const form = new FormData();
    form.append(
      "file",
      new File(["# Caf\u00e9 workers' testimony\n\nWe were paid nothing."], "testimony.md"),
    );
    const { body, contentType } = await multipart(form);
    const created = await invoke({
      method: "POST",
      path: `/api/workspaces/${ws}/documents`,
      headers: { "content-type": contentType },
      body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json).toMatchObject({ title: "Caf\u00e9 workers' testimony" });
  });

  it("answers errors in the API's JSON shape", async () => {
    const result = await invoke({ method: "GET", path: "/api/workspaces/ws_unknown/documents" });
    expect(result.statusCode).toBe(404);
    expect(result.json).toMatchObject({ error: { code: "workspace.not_found" } });
  });
});
