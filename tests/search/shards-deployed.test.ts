import { randomBytes } from "node:crypto";
import { type Context, createContext } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { EMBEDDED_CREDENTIALS, ensureStorage } from "@gloss/local";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadInfra } from "../deployed/support/infra.ts";
import {
  type InvokeEndpoint,
  type InvokeOptions,
  startInvokeEndpoint,
} from "../deployed/support/invoke.ts";
import { type Deployed, startFunction } from "../deployed/support/lambda.ts";

// The production fan-out as SST deploys it: the API bundle and the SearchShard bundle, each in
// its Lambda-shaped process with links only in resource.enc; the API's AWS SDK Lambda client
// invokes the shards through a loopback endpoint speaking the Lambda Invoke API
// (AWS_ENDPOINT_URL_LAMBDA), nothing mocked. Shards are made tiny so a handful of documents is
// several shards.

const PHRASE = "passport was confiscated";

let ctx: Context;
let workspaceId: string;
let token: string;
let edgeSecret: string;
let api: Deployed;
let shard: Deployed;
let invoke: InvokeEndpoint;
let fault: InvokeOptions["fault"];
const shardName = `gloss-test-SearchShardFunction-${randomBytes(4).toString("hex")}`;
const documentIds: string[] = [];

beforeAll(async () => {
  const infra = await loadInfra("test", { GLOSS_EMAIL_SENDER: "research.example.org" });
  const suffix = randomBytes(6).toString("hex");
  const names = { table: `gloss-shards-${suffix}`, bucket: `gloss-shards-${suffix}` };
  ctx = createContext({
    tableName: names.table,
    bucketName: names.bucket,
    dynamoEndpoint: inject("dynamoEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    credentials: EMBEDDED_CREDENTIALS,
  });
  await ensureStorage(ctx);
  const user = await User.getOrCreateByEmail(ctx, "shards@example.org");
  workspaceId = await Workspace.ensureDefault(ctx, user);
  token = (await Token.create(ctx, user.id, { name: "shards" })).token;
  for (let i = 0; i < 7; i++) {
    const filler = "Workers crossed the river at night and were taken to the compound. ";
    const text =
      i % 3 === 2
        ? `${filler.repeat(2)}Nothing of the kind here.`
        : `${filler}Her ${PHRASE} on arrival.\n\nHis Passport was\nconfiscated too. ${filler}`;
    const doc = await Document.create(ctx, workspaceId, user.id, { title: `Source ${i}`, text });
    documentIds.push(doc.id);
    // Most versions are prepared at ingest; one is left for the shard to rebuild.
    if (i !== 4) {
      await Search.prepareTextObject(ctx, Storage.objectKeys.text(workspaceId, doc.id, 1));
    }
  }
  edgeSecret = infra.find("EdgeSecret").value;
  const endpoints = { dynamodb: inject("dynamoEndpoint"), s3: inject("s3Endpoint") };
  shard = await startFunction(infra.functions.get("SearchShard")!, {
    links: { Documents: { name: names.bucket } },
    endpoints,
  });
  invoke = await startInvokeEndpoint(
    { [shardName]: shard },
    { fault: (name, event, call) => fault?.(name, event, call) },
  );
  const apiFn = infra.functions.get("Api")!;
  api = await startFunction(
    // Shards of ~300 units: two documents each at most.
    {
      ...apiFn,
      environment: {
        ...apiFn.environment,
        GLOSS_SEARCH_SHARD_MB: "0.0003",
        GLOSS_SEARCH_REGEX_MS: "15000",
      },
    },
    {
      links: {
        Table: { name: names.table },
        Documents: { name: names.bucket },
        Auth: { url: "https://auth.gloss.invalid" },
        EdgeSecret: { value: edgeSecret },
        SearchShard: { name: shardName },
      },
      endpoints: { ...endpoints, lambda: invoke.url },
    },
  );
}, 300_000);

afterAll(async () => {
  await api?.stop();
  await shard?.stop();
  await invoke?.stop();
});

async function search(q: string, flags = "") {
  const res = await fetch(
    `${api.url}/api/workspaces/${workspaceId}/search?q=${encodeURIComponent(q)}&limit=500${flags}`,
    {
      headers: {
        authorization: `Bearer ${token}`,
        "x-gloss-edge": edgeSecret,
        "x-gloss-viewer-address": "127.0.0.1",
      },
    },
  );
  return { status: res.status, body: await res.json() };
}

type Hit = { documentId: string; start: number; end: number; exact: string };
const places = (items: Hit[]) => items.map((h) => [h.documentId, h.start, h.end, h.exact]);

/** The same search run in this process, one shard: the reference answer. */
async function reference(q: string) {
  const page = await Search.searchPage(
    ctx,
    workspaceId,
    q,
    { caseSensitive: false, wholeWord: false, regex: false },
    {},
    { limit: 500 },
  );
  return places(page.items as Hit[]);
}

const shardCalls = () =>
  invoke.calls.map((c) => (c.event as Search.ShardRequest).documents.map((d) => d.id));

describe("the search fan-out deployed", () => {
  it("invokes a shard function per shard and merges every hit in document order", async () => {
    invoke.calls.length = 0;
    const reply = await search(`"${PHRASE}"`);
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(10);
    expect(places(reply.body.items)).toEqual(await reference(`"${PHRASE}"`));
    const shards = shardCalls();
    expect(shards.length).toBeGreaterThanOrEqual(4);
    // Contiguous shards of the id-ordered documents, each document in exactly one (they run in
    // parallel, so they arrive in any order).
    shards.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    expect(shards.flat()).toEqual([...documentIds].sort());
    // The shard rebuilt the preparation ingest had not written, for the next cold reader.
    const rebuilt = await Search.readPrepared(
      ctx,
      Search.preparedKey(workspaceId, documentIds[4]!, 1),
      (await Document.get(ctx, workspaceId, documentIds[4]!)).textLength,
    );
    expect(rebuilt).not.toBeNull();
  });

  it("retries a shard whose invocation failed and still answers completely", async () => {
    invoke.calls.length = 0;
    let failed = 0;
    fault = (_name, event) => {
      const ids = (event as Search.ShardRequest).documents.map((d) => d.id);
      if (ids.includes(documentIds[3]!) && failed === 0) {
        failed++;
        return "Task timed out after 30.00 seconds";
      }
      return undefined;
    };
    const reply = await search(`passport NEAR/3 confiscat*`);
    fault = undefined;
    expect(reply.status).toBe(200);
    expect(failed).toBe(1);
    expect(places(reply.body.items)).toEqual(await reference(`passport NEAR/3 confiscat*`));
    const calls = shardCalls().filter((ids) => ids.includes(documentIds[3]!));
    expect(calls).toHaveLength(2);
  });

  it("fails with a clear 503 when a shard keeps failing, rather than answer incompletely", async () => {
    fault = (_name, event) =>
      (event as Search.ShardRequest).documents.some((d) => d.id === documentIds[5])
        ? "Runtime exited with error: signal: killed"
        : undefined;
    const reply = await search(`"${PHRASE}"`);
    fault = undefined;
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe("search.shard_failed");
    expect(reply.body.error.message).toMatch(/failed 2 times/);
    expect(reply.body.items).toBeUndefined();
  });

  it("runs a regular expression in the shards with the same hits", async () => {
    const pattern = "pass\\w+ was\\s+confiscated";
    const reply = await search(pattern, "&regex=true");
    expect(reply.status).toBe(200);
    const page = await Search.searchPage(
      ctx,
      workspaceId,
      pattern,
      { caseSensitive: false, wholeWord: false, regex: true },
      {},
      { limit: 500 },
    );
    expect(reply.body.total).toBe(10);
    expect(places(reply.body.items)).toEqual(places(page.items as Hit[]));
  });
});
