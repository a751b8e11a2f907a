import { randomBytes } from "node:crypto";
import { type Context, createContext } from "@gloss/core/context";
import { type AuthConfig, createApp } from "@gloss/functions/app";
import { EMBEDDED_CREDENTIALS, ensureStorage } from "@gloss/local";
import { inject } from "vitest";

/** A fresh table and bucket on the shared embedded services, so tests never see each other's data. */
export async function makeContext(options: { now?: () => Date } = {}): Promise<Context> {
  const suffix = randomBytes(6).toString("hex");
  const ctx = createContext({
    tableName: `gloss-test-${suffix}`,
    bucketName: `gloss-test-${suffix}`,
    dynamoEndpoint: inject("dynamoEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    credentials: EMBEDDED_CREDENTIALS,
    ...(options.now ? { now: options.now } : {}),
  });
  await ensureStorage(ctx);
  return ctx;
}

export interface TestApp {
  ctx: Context;
  app: ReturnType<typeof createApp>;
  /** The local owner's default workspace id. */
  workspaceId: string;
  /** A JSON request through `app.request()`; returns status, headers and parsed body. */
  call: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<Reply>;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  body: any;
  text: string;
}

/** A resolver that answers nothing, so no test ever sends a DNS query. */
const offlineResolver = async (): Promise<never> => {
  throw new Error("tests do not resolve names");
};

/** The Gloss app on a fresh table and bucket, as the local owner. */
export async function makeTestApp(
  options: { auth?: AuthConfig; now?: () => Date; ctx?: Context } = {},
): Promise<TestApp> {
  const ctx = options.ctx ?? (await makeContext(options));
  const app = createApp({
    ctx,
    ...(options.auth ? { auth: options.auth } : {}),
    // Tests never resolve names through DNS: a capture of a host name (the fuzzer sends some) is
    // refused at resolution; address literals are checked as usual.
    capture: { resolver: offlineResolver },
  });
  const call: TestApp["call"] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body =
        typeof body === "string" || body instanceof FormData ? body : JSON.stringify(body);
      if (!(body instanceof FormData) && !("content-type" in headers)) {
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const me = await call("GET", "/api/me");
  const workspaceId = me.body?.workspaces?.[0]?.id as string;
  return { ctx, app, workspaceId, call };
}
