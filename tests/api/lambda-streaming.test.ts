import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPORT_TEXT } from "../support/data.ts";
import {
  configureLambdaEnvironment,
  type FunctionUrlRequest,
  functionUrlEvent,
  lambdaContext,
} from "../support/lambda.ts";

interface ResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

/**
 * The part of Lambda's Node.js runtime that response streaming uses: `awslambda.streamifyResponse`
 * marks a handler as streaming (the runtime then calls it with a response stream), and
 * `HttpResponseStream.from` attaches the status and headers before the first body byte.
 */
const metadataByStream = new WeakMap<Writable, ResponseMetadata>();
const runtime = {
  streamifyResponse: <T>(handler: T) => handler,
  HttpResponseStream: {
    from(stream: Writable, metadata: ResponseMetadata) {
      metadataByStream.set(stream, metadata);
      return stream;
    },
  },
};

type StreamingHandler = (event: unknown, stream: Writable, context: unknown) => Promise<void>;

describe("the API Lambda handler, streaming (Function URL with response streaming)", () => {
  let handler: StreamingHandler;

  const invoke = async (request: FunctionUrlRequest) => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    await handler(functionUrlEvent(request), stream, lambdaContext());
    const metadata = metadataByStream.get(stream);
    const text = Buffer.concat(chunks).toString("utf8");
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
    return { metadata, text, json: json as any, ended: stream.writableEnded };
  };

  beforeAll(async () => {
    await configureLambdaEnvironment();
    Reflect.set(globalThis, "awslambda", runtime);
    vi.resetModules();
    handler = (await import("@gloss/functions/api")).handler as unknown as StreamingHandler;
  });

  afterAll(() => {
    Reflect.deleteProperty(globalThis, "awslambda");
  });

  it("streams the health check with its status and headers", async () => {
    const result = await invoke({ method: "GET", path: "/api/health" });
    expect(result.metadata?.statusCode).toBe(200);
    expect(result.metadata?.headers["content-type"]).toMatch(/^application\/json/);
    expect(result.json).toMatchObject({ status: "ok" });
    expect(result.ended).toBe(true);
  });

  it("streams a created document and the document list", async () => {
    const me = await invoke({ method: "GET", path: "/api/me" });
    expect(me.metadata?.statusCode).toBe(200);
    const ws = me.json.workspaces[0].id as string;

    const created = await invoke({
      method: "POST",
      path: `/api/workspaces/${ws}/documents`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Border town report", text: REPORT_TEXT }),
    });
    expect(created.metadata?.statusCode).toBe(201);
    expect(created.json.id).toMatch(/^doc_/);

    const listed = await invoke({
      method: "GET",
      path: `/api/workspaces/${ws}/documents`,
      query: "limit=10",
    });
    expect(listed.metadata?.statusCode).toBe(200);
    expect(listed.metadata?.headers["content-type"]).toMatch(/^application\/json/);
    expect(listed.json).toEqual({
      items: [expect.objectContaining({ id: created.json.id, title: "Border town report" })],
      nextCursor: null,
    });

    const text = await invoke({
      method: "GET",
      path: `/api/workspaces/${ws}/documents/${created.json.id}/text`,
    });
    expect(text.metadata?.statusCode).toBe(200);
    expect(text.text).toBe(REPORT_TEXT);
  });

  it("streams errors with their status and JSON body", async () => {
    const result = await invoke({ method: "GET", path: "/api/workspaces/ws_unknown/documents" });
    expect(result.metadata?.statusCode).toBe(404);
    expect(result.json).toMatchObject({ error: { code: "workspace.not_found" } });
  });
});
