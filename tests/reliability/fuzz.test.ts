import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";
import { REPORT_TEXT } from "../support/data.ts";
import {
  type Body,
  bodyArbitrary,
  encodePart,
  type Hints,
  headersArbitrary,
  type Operation,
  operationsOf,
  pathValue,
  queryArbitrary,
} from "../support/fuzz.ts";
import { Conformance } from "../support/openapi-conformance.ts";

/**
 * Property-based fuzzing of every operation of the app's own OpenAPI document, with storage up:
 * whatever arrives, the answer is never a 5xx, every 4xx has the error shape, every response has
 * the security headers, and the server keeps answering (a health check and a real read after each
 * batch). Each batch runs on freshly seeded data, so deletes in one batch do not starve the next.
 * As Schemathesis checks: a response to the operation it was sent to has a declared status, a
 * declared content type, and a JSON body valid against the declared schema.
 * The seed is fixed per run and printed; `GLOSS_FUZZ_SEED=<n>` replays that run exactly.
 */

const BATCHES = 3;
const RUNS_PER_BATCH = { local: 120, auth: 90 };
const SEED = Number(process.env.GLOSS_FUZZ_SEED ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.info(`fuzz: GLOSS_FUZZ_SEED=${SEED}`);

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as served
type Spec = any;
type Request = (path: string, init: RequestInit) => Response | Promise<Response>;

interface Fuzzed {
  operation: Operation;
  method: string;
  path: string;
  query: string;
  body: Body | null;
  headers: Record<string, string>;
}

/** What was sent, per app: the report of a run. */
const tally = new Map<string, { requests: number; statuses: Map<number, number> }>();

function count(app: string, status: number) {
  const entry = tally.get(app) ?? { requests: 0, statuses: new Map() };
  entry.requests++;
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  tally.set(app, entry);
}

/**
 * Conformance failures (undeclared status or content type, body not matching its schema), kept
 * distinct and listed after the run. Each one fails the run.
 */
const failures = new Set<string>();
const STRICT = process.env.GLOSS_FUZZ_LENIENT !== "1";
/** Failures found and reported, not yet fixed: listed after the run, not fatal. None now. */
const KNOWN = new Set<string>();

const QUOTE = "collected every passport";
const NOTE_QUOTE = "locked in a storeroom overnight";

/** A workspace with documents (one at version 2), annotations, a link, a share and a code. */
async function seed(
  call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Spec }>,
  workspaceId: string,
  round: number,
): Promise<Hints> {
  const ws = `/api/workspaces/${workspaceId}`;
  const ok = async (method: string, path: string, body?: unknown) => {
    const reply = await call(method, path, body);
    if (reply.status >= 300) {
      throw new Error(`seeding ${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return reply.body;
  };
  const doc = await ok("POST", `${ws}/documents`, {
    title: `Border town report ${round}`,
    text: REPORT_TEXT,
    sourceUrl: "https://example.org/report",
  });
  const revised = await ok("POST", `${ws}/documents`, { title: "Interview", text: REPORT_TEXT });
  await ok("POST", `${ws}/documents/${revised.id}/versions`, {
    text: `${REPORT_TEXT}\n\nA later paragraph.`,
  });
  // Codes of this round only: a fuzzed DELETE may have removed any code, defaults included.
  const code = `fuzz-code-${round}`;
  const other = `fuzz-other-${round}`;
  await ok("POST", `${ws}/tags`, { id: code, label: `Fuzz code ${round}` });
  await ok("POST", `${ws}/tags`, { id: other, label: `Fuzz other ${round}`, color: "#123abc" });
  const start = REPORT_TEXT.indexOf(QUOTE);
  const selector = { start, end: start + QUOTE.length, exact: QUOTE };
  const noteStart = REPORT_TEXT.indexOf(NOTE_QUOTE);
  const noteSelector = { start: noteStart, end: noteStart + NOTE_QUOTE.length, exact: NOTE_QUOTE };
  const a = await ok("POST", `${ws}/documents/${doc.id}/annotations`, {
    ...selector,
    tags: [code, other],
    note: "Passports taken 🙂",
  });
  const b = await ok("POST", `${ws}/documents/${revised.id}/annotations`, {
    ...noteSelector,
    tags: [other],
  });
  const link = await ok("POST", `${ws}/links`, {
    fromId: a.id,
    toId: b.id,
    relation: "corroborates",
  });
  const share = await ok("POST", `${ws}/documents/${doc.id}/shares`, { includeNotes: false });
  const docs = [doc.id, revised.id];
  const anns = [a.id, b.id];
  const tags = ["forced-labour", code, other];
  return {
    byName: {
      ws: [workspaceId],
      docId: docs,
      documentId: docs,
      annId: anns,
      annotationId: anns,
      fromId: anns,
      toId: anns,
      linkId: [link.id],
      tagId: tags,
      tag: tags,
      tags: [[code], [code, other]],
      shareId: [share.id],
      token: [share.token],
      version: [1, 2],
      start: [start],
      end: [start + QUOTE.length],
      exact: [QUOTE],
      relation: ["corroborates", "contradicts"],
      layout: ["long", "wide"],
    },
    bodies: {
      "POST /api/workspaces/{ws}/documents/{docId}/annotations": [
        { ...selector, tags: [code] },
        { ...noteSelector, note: "Held overnight" },
      ],
      "POST /api/workspaces/{ws}/links": [{ fromId: b.id, toId: a.id, relation: "contradicts" }],
      "PATCH /api/workspaces/{ws}/annotations/{annId}": [{ tags: [other], version: 1 }],
      "PATCH /api/workspaces/{ws}/documents/{docId}": [{ title: "Renamed", version: 1 }],
      "POST /api/workspaces/{ws}/documents/{docId}/versions": [{ text: "Short revision." }],
      "POST /api/workspaces/{ws}/documents": [{ title: "Pasted", text: "Some text." }],
    },
  };
}

const OTHER_METHODS = ["PUT", "OPTIONS", "HEAD"];

function requests(spec: Spec, operations: Operation[], hints: Hints): fc.Arbitrary<Fuzzed> {
  return fc.constantFrom(...operations).chain((operation) => {
    const pathParams = operation.params.filter((p) => p.in === "path");
    return fc.record({
      operation: fc.constant(operation),
      method: fc.oneof(
        { weight: 15, arbitrary: fc.constant(operation.method) },
        { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
      ),
      path: fc
        .tuple(...pathParams.map((p) => pathValue(p.name, hints)))
        .map((values) =>
          pathParams.reduce(
            (path, p, i) => path.replace(`{${p.name}}`, encodePart(values[i]!)),
            operation.path,
          ),
        ),
      query: queryArbitrary(operation, spec, hints),
      body: bodyArbitrary(operation, spec, hints),
      headers: headersArbitrary,
    });
  });
}

const describeRequest = (r: Fuzzed) =>
  `${r.method} ${(r.path + r.query).slice(0, 300)} (${r.operation.method} ${r.operation.path}), content-type ${
    r.body?.contentType ?? "none"
  }, body ${
    r.body === null
      ? "none"
      : typeof r.body.payload === "string"
        ? JSON.stringify(r.body.payload.slice(0, 200))
        : r.body.payload instanceof FormData
          ? "multipart form"
          : `${r.body.payload.length} bytes`
  }, headers ${Object.keys(r.headers).join(",")}`;

/** Sends one fuzzed request and checks the properties every response must have. */
async function sendAndCheck(
  name: string,
  request: Request,
  r: Fuzzed,
  auth: Record<string, string>,
  conformance: Conformance,
): Promise<void> {
  const headers: Record<string, string> = { ...r.headers, ...auth };
  const init: RequestInit = { method: r.method, headers };
  if (r.body && r.method !== "GET" && r.method !== "HEAD") {
    init.body = r.body.payload as BodyInit;
    if (r.body.contentType !== undefined) headers["content-type"] = r.body.contentType;
  }
  const res = await request(`${r.path}${r.query}`, init);
  const text = await res.text();
  count(name, res.status);
  const fail = (why: string) =>
    new Error(`${why}: ${describeRequest(r)} → ${res.status} ${text.slice(0, 300)}`);
  if (res.status >= 500) throw fail("server error");
  if (!res.headers.get("content-security-policy")?.includes("frame-ancestors 'none'")) {
    throw fail("no Content-Security-Policy with frame-ancestors");
  }
  if (res.headers.get("x-content-type-options") !== "nosniff") throw fail("no nosniff");
  if (res.headers.get("x-frame-options") !== "DENY") throw fail("no X-Frame-Options");
  if (res.status >= 400 && r.method !== "HEAD") {
    let body: Spec = null;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail("error body is not JSON");
    }
    if (
      typeof body?.error?.code !== "string" ||
      typeof body.error.message !== "string" ||
      body.error.message.length === 0
    ) {
      throw fail("error body without {error: {code, message}}");
    }
    if (!res.headers.get("content-type")?.startsWith("application/json")) {
      throw fail("error without a JSON content type");
    }
  }
  const problem = conformance.check(r.operation, r.method, res.status, res.headers, text);
  if (problem) {
    failures.add(`${r.operation.method} ${r.operation.path} → ${res.status}: ${problem}`);
    const known = KNOWN.has(`${r.operation.method} ${r.operation.path} ${res.status}`);
    if (STRICT && !known) throw fail(problem);
  }
}

/** Runs the batches against one app; seeds fresh data before each batch, checks health after. */
async function fuzzApp(options: {
  name: string;
  request: Request;
  auth: fc.Arbitrary<Record<string, string>>;
  reseed: (round: number) => Promise<Hints>;
  stillServes: () => Promise<void>;
  runs: number;
}) {
  const specRes = await options.request("/api/openapi.json", {});
  expect(specRes.status).toBe(200);
  const spec = await specRes.json();
  const operations = operationsOf(spec);
  expect(operations.length).toBeGreaterThan(40);
  const conformance = new Conformance(spec);
  for (let round = 0; round < BATCHES; round++) {
    const hints = await options.reseed(round);
    // fc.check rather than fc.assert: a counterexample can hold a 300 KB body, so the failure
    // says what was sent in a line of its own instead of printing the whole value.
    const result = await fc.check(
      fc.asyncProperty(requests(spec, operations, hints), options.auth, (r, auth) =>
        sendAndCheck(options.name, options.request, r, auth, conformance),
      ),
      {
        numRuns: options.runs,
        endOnFailure: true,
        seed: SEED + round,
      },
    );
    if (result.failed) {
      const error = result.errorInstance;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)} [replay: GLOSS_FUZZ_SEED=${SEED}, batch ${round}]`,
      );
    }
    await options.stillServes();
  }
}

describe("fuzzing every operation of the OpenAPI document", () => {
  afterAll(() => {
    for (const [name, { requests, statuses }] of tally) {
      const histogram = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.info(`fuzz ${name}: ${requests} requests; ${histogram.join(" ")}`);
    }
    console.info(
      `fuzz: ${failures.size} distinct schema conformance failures${[...failures].map((f) => `\n  ${f}`).join("")}`,
    );
  });

  it("never answers 5xx, keeps the error shape and headers, and stays up (local mode)", async () => {
    const t = await makeTestApp();
    const request: Request = (path, init) => t.app.request(path, init);
    await fuzzApp({
      name: "local",
      request,
      auth: fc.constant({}),
      reseed: (round) => seed(t.call, t.workspaceId, round),
      stillServes: async () => {
        expect((await t.call("GET", "/api/health")).status).toBe(200);
        expect((await t.call("GET", `/api/workspaces/${t.workspaceId}/documents`)).status).toBe(
          200,
        );
      },
      runs: RUNS_PER_BATCH.local,
    });
  }, 300_000);

  it("never answers 5xx, keeps the error shape and headers, and stays up (sign-in required)", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "fuzz-owner@example.org");
    const outsider = await makeUser(env.ctx, "fuzz-outsider@example.org");
    const request: Request = (path, init) => env.app.request(`${ORIGIN}${path}`, init);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await request(path, {
        method,
        headers: { ...owner.auth, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    await fuzzApp({
      name: "sign-in required",
      request,
      auth: fc.oneof(
        { weight: 12, arbitrary: fc.constant(owner.auth) },
        { weight: 2, arbitrary: fc.constant(outsider.auth) },
        { weight: 1, arbitrary: fc.constant({}) },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom(
              "Bearer ",
              "Bearer garbage",
              `Bearer ${owner.token}x`,
              `bearer ${owner.token}`,
              `Basic ${Buffer.from("a:b").toString("base64")}`,
              `Bearer ${"t".repeat(5000)}`,
              "Bearer \u00e9\u00e9",
            )
            .map((authorization) => ({ authorization })),
        },
      ),
      reseed: async (round) => {
        const hints = await seed(call, owner.workspaceId, round);
        // Someone else's workspace: every path into it must be a 404, never a leak or a crash.
        hints.byName.ws = [owner.workspaceId, outsider.workspaceId];
        hints.byName.userId = [owner.user.id, outsider.user.id];
        return hints;
      },
      stillServes: async () => {
        expect((await call("GET", "/api/health")).status).toBe(200);
        expect((await call("GET", `/api/workspaces/${owner.workspaceId}/documents`)).status).toBe(
          200,
        );
      },
      runs: RUNS_PER_BATCH.auth,
    });
  }, 300_000);
  it("runs stateful sequences with sign-in on and a token, every response conforming", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "fuzz-stateful@example.org");
    const specRes = await env.app.request(`${ORIGIN}/api/openapi.json`, {});
    const spec = await specRes.json();
    const conformance = new Conformance(spec);
    const operations = new Map(operationsOf(spec).map((o) => [`${o.method} ${o.path}`, o]));
    const ws = owner.workspaceId;
    let steps = 0;
    /** One step: sent with the token, checked against the operation it names, JSON returned. */
    const step = async (
      method: string,
      template: string,
      path: string,
      body: unknown,
      status: number,
    ) => {
      const res = await env.app.request(`${ORIGIN}${path}`, {
        method,
        headers: { ...owner.auth, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      steps++;
      const operation = operations.get(`${method} ${template}`);
      expect(operation, `${method} ${template} in the document`).toBeDefined();
      const problem = conformance.check(operation!, method, res.status, res.headers, text);
      expect({ step: `${method} ${path}`, status: res.status, problem }).toEqual({
        step: `${method} ${path}`,
        status,
        problem: null,
      });
      return text ? JSON.parse(text) : null;
    };
    const W = "/api/workspaces/{ws}";
    const w = `/api/workspaces/${ws}`;
    // Code: create → patch → delete.
    await step("POST", `${W}/tags`, `${w}/tags`, { id: "stateful", label: "Stateful" }, 201);
    await step(
      "PATCH",
      `${W}/tags/{tagId}`,
      `${w}/tags/stateful`,
      { label: "Renamed", version: 1 },
      200,
    );
    // Document: create → get → patch → annotate twice → link the two → read back → delete all.
    const doc = await step(
      "POST",
      `${W}/documents`,
      `${w}/documents`,
      {
        title: "Stateful",
        text: REPORT_TEXT,
      },
      201,
    );
    const d = `${w}/documents/${doc.id}`;
    await step("GET", `${W}/documents/{docId}`, d, undefined, 200);
    await step("PATCH", `${W}/documents/{docId}`, d, { title: "Renamed", version: 1 }, 200);
    const selector = (quote: string) => {
      const start = REPORT_TEXT.indexOf(quote);
      return { start, end: start + quote.length, exact: quote };
    };
    const a = await step(
      "POST",
      `${W}/documents/{docId}/annotations`,
      `${d}/annotations`,
      {
        ...selector(QUOTE),
        tags: ["stateful"],
      },
      201,
    );
    const b = await step(
      "POST",
      `${W}/documents/{docId}/annotations`,
      `${d}/annotations`,
      {
        ...selector(NOTE_QUOTE),
        note: "Held overnight",
      },
      201,
    );
    await step("GET", `${W}/annotations/{annId}`, `${w}/annotations/${a.id}`, undefined, 200);
    await step(
      "PATCH",
      `${W}/annotations/{annId}`,
      `${w}/annotations/${a.id}`,
      {
        note: "Passports taken",
        version: 1,
      },
      200,
    );
    const link = await step(
      "POST",
      `${W}/links`,
      `${w}/links`,
      {
        fromId: a.id,
        toId: b.id,
        relation: "corroborates",
      },
      201,
    );
    const links = await step(
      "GET",
      `${W}/links`,
      `${w}/links?annotationId=${b.id}`,
      undefined,
      200,
    );
    expect(links.items.map((l: { id: string }) => l.id)).toEqual([link.id]);
    await step(
      "POST",
      `${W}/documents/{docId}/versions`,
      `${d}/versions`,
      {
        text: `Preface.\n\n${REPORT_TEXT}`,
      },
      201,
    );
    await step("GET", `${W}/documents/{docId}/annotations`, `${d}/annotations`, undefined, 200);
    await step("DELETE", `${W}/links/{linkId}`, `${w}/links/${link.id}`, undefined, 204);
    await step("DELETE", `${W}/annotations/{annId}`, `${w}/annotations/${a.id}`, undefined, 204);
    await step("GET", `${W}/annotations/{annId}`, `${w}/annotations/${a.id}`, undefined, 404);
    await step("DELETE", `${W}/documents/{docId}`, d, undefined, 204);
    await step("GET", `${W}/documents/{docId}`, d, undefined, 404);
    await step("GET", `${W}/annotations/{annId}`, `${w}/annotations/${b.id}`, undefined, 404);
    await step("DELETE", `${W}/tags/{tagId}`, `${w}/tags/stateful`, undefined, 200);
    console.info(`fuzz stateful: ${steps} steps, every response conforming`);
  }, 120_000);
  it("states the limits it enforces in the schema (key pattern, cursor, page size, ids)", async () => {
    const t = await makeTestApp();
    const spec = await (await t.app.request("/api/openapi.json")).json();
    const parameters = Object.values(spec.paths as Record<string, Spec>).flatMap((item) =>
      Object.values(item as Record<string, Spec>).flatMap((op) => (op.parameters ?? []) as Spec[]),
    );
    const named = (name: string) => parameters.filter((p) => p.name === name);
    expect(named("idempotency-key").length).toBeGreaterThan(5);
    for (const p of named("idempotency-key")) {
      expect(p.schema).toMatchObject({ minLength: 8, maxLength: 255 });
      expect(new RegExp(p.schema.pattern).test("a b c d e f")).toBe(false);
    }
    for (const p of named("cursor")) expect(p.schema.maxLength).toBeGreaterThan(0);
    for (const p of named("limit")) expect(p.schema.maximum).toBeGreaterThan(0);
    for (const p of named("ws")) expect(p.schema.maxLength).toBeGreaterThan(0);
  });
});
