import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Export from "@gloss/core/export";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultOperationId } from "../../packages/functions/src/http/route.ts";
import { ErrorResponse } from "../../packages/functions/src/http/schemas.ts";
import { serveReader } from "../../packages/local/src/web.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectStatus } from "../support/data.ts";

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is arbitrary JSON
type Spec = any;

/** The routes of PRODUCT.md's HTTP API that this stage of Gloss serves, with their methods. */
const PRODUCT_ROUTES: Record<string, string[]> = {
  "/api/health": ["get"],
  "/api/me": ["get"],
  "/api/workspaces": ["get", "post"],
  "/api/workspaces/{ws}/tags": ["get", "post"],
  "/api/workspaces/{ws}/tags/{tagId}": ["get", "patch", "delete"],
  "/api/workspaces/{ws}/tags/{tagId}/merge": ["post"],
  "/api/workspaces/{ws}/documents": ["get", "post"],
  "/api/workspaces/{ws}/documents/{docId}": ["get", "patch", "delete"],
  "/api/workspaces/{ws}/documents/{docId}/text": ["get"],
  "/api/workspaces/{ws}/documents/{docId}/annotations": ["get", "post"],
  "/api/workspaces/{ws}/annotations": ["get"],
  "/api/workspaces/{ws}/annotations/{annId}": ["get", "patch", "delete"],
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const ACCESS = ["public", "user", "viewer", "editor", "owner"];

/** Every operation of the document as [full path, method, operation], full path with its server. */
function operations(spec: Spec): Array<[string, string, Spec]> {
  // Without `servers`, OpenAPI resolves paths against "/": the document must say where it lives.
  const base = String(spec.servers?.[0]?.url ?? "/").replace(/\/$/, "");
  return Object.entries(spec.paths as Record<string, Spec>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(
        ([method, operation]) => [`${base}${path}`, method, operation] as [string, string, Spec],
      ),
  );
}

describe("/api/openapi.json", () => {
  let t: TestApp;
  let spec: Spec;

  beforeAll(async () => {
    t = await makeTestApp();
    const reply = await t.call("GET", "/api/openapi.json");
    expectStatus(reply, 200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    spec = reply.body;
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(spec));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it("resolves every $ref it uses", () => {
    const refs = JSON.stringify(spec).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      const name = ref.slice(8, -1).replace("#/components/schemas/", "");
      expect(spec.components?.schemas?.[name], ref).toBeDefined();
    }
  });

  it("lists every route of the product's API with its methods, at the URL it is served on", () => {
    const listed = new Map<string, string[]>();
    for (const [path, method] of operations(spec)) {
      listed.set(path, [...(listed.get(path) ?? []), method]);
    }
    for (const [path, methods] of Object.entries(PRODUCT_ROUTES)) {
      expect({ path, methods: [...(listed.get(path) ?? [])].sort() }).toEqual({
        path,
        methods: [...methods].sort(),
      });
    }
  });

  it("declares an access rule, a summary and a success response on every operation", () => {
    const ops = operations(spec);
    expect(ops.length).toBeGreaterThanOrEqual(20);
    for (const [path, method, operation] of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(ACCESS, where).toContain(operation["x-gloss-access"]);
      expect(operation.summary, where).toEqual(expect.any(String));
      expect(
        Object.keys(operation.responses ?? {}).some((s) => /^[23]\d\d$/.test(s)),
        where,
      ).toBe(true);
    }
  });

  it("names and tags every operation, each operationId unique", () => {
    const ids = operations(spec).map(([path, method, operation]) => {
      expect(operation.operationId, `${method.toUpperCase()} ${path}`).toMatch(
        /^[a-z][A-Za-z0-9]+$/,
      );
      expect(operation.tags?.length, `${method.toUpperCase()} ${path} tags`).toBeGreaterThan(0);
      return operation.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = new Map(operations(spec).map(([p, m, o]) => [`${m} ${p}`, o.operationId]));
    expect(byRoute.get("get /api/workspaces/{ws}/exports/extracts.csv")).toBe("exportExtractsCsv");
    expect(byRoute.get("post /api/workspaces/{ws}/documents/{docId}/annotations")).toBe(
      "createAnnotation",
    );
  });

  it("derives a stable operationId for a route that names none", () => {
    expect(defaultOperationId("get", "/workspaces/{ws}/exports/extracts.csv")).toBe(
      "getWorkspacesByWsExportsExtractsCsv",
    );
    expect(defaultOperationId("POST", "/workspaces/{ws}/imports/project.qdpx")).toBe(
      "postWorkspacesByWsImportsProjectQdpx",
    );
  });

  it("declares the bearer token and session cookie schemes, and what each operation needs", () => {
    expect(spec.components.securitySchemes).toMatchObject({
      bearerToken: { type: "http", scheme: "bearer" },
      sessionCookie: { type: "apiKey", in: "cookie", name: "gloss_access" },
    });
    for (const [path, method, operation] of operations(spec)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (operation["x-gloss-access"] === "public") expect(operation.security, where).toEqual([]);
      else expect(operation.security, where).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    }
  });

  it("gives the CSV exports and the import examples of what they really send", () => {
    const extracts = spec.paths["/api/workspaces/{ws}/exports/findings-matrix.csv"].get;
    expect(extracts.responses["200"].content["text/csv"].example).toBe(
      "code,code_label,document_id,document_title,passages\r\n",
    );
    // Each example is a real shape: the schema the route validates with accepts it.
    for (const [name, schema] of [
      ["Error", ErrorResponse],
      ["ImportResult", Export.ImportResult],
      ["JsonLdImport", Export.JsonLdImport],
    ] as const) {
      const listed = spec.components.schemas[name];
      const example = listed.example ?? listed.examples?.[0];
      expect(example, name).toBeDefined();
      expect(schema.safeParse(example).success, name).toBe(true);
    }
  });

  it("makes only the health check and sign-in public and needs an editor or owner for every workspace write", () => {
    for (const [path, method, operation] of operations(spec)) {
      const access = operation["x-gloss-access"];
      const where = `${method.toUpperCase()} ${path}`;
      if (access === "public")
        expect(path, where).toMatch(/^\/api\/(health|auth\/\w+|shared\/\{token\}(\/verify)?)$/);
      // Leaving a workspace is open to every member; removing others is checked by the handler.
      const leave = method === "delete" && path.endsWith("/members/{userId}");
      if (path.includes("/workspaces/{ws}") && method !== "get" && !leave) {
        expect(["editor", "owner"], where).toContain(access);
      }
    }
  });

  it("describes errors with the shared error schema", () => {
    for (const [path, method, operation] of operations(spec)) {
      for (const [status, response] of Object.entries(operation.responses as Spec)) {
        if (!/^4\d\d$/.test(status)) continue;
        const schema = (response as Spec).content?.["application/json"]?.schema;
        expect(schema, `${method.toUpperCase()} ${path} ${status}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
    }
  });

  it("lists only routes the app really serves", async () => {
    const ids: Record<string, string> = {
      ws: t.workspaceId,
      tagId: "no-such-code",
      docId: "doc_01JD0000000000000000000000",
      annId: "ann_01JD0000000000000000000000",
    };
    for (const [path, method, operation] of operations(spec)) {
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? "x");
      const body = ["post", "patch"].includes(method) ? {} : undefined;
      const reply = await t.call(method.toUpperCase(), url, body);
      const where = `${method.toUpperCase()} ${url} → ${reply.status} ${reply.text.slice(0, 120)}`;
      if (reply.status !== 204 && reply.status !== 302) {
        // JSON, plain text, or what the operation declares (CSV, HTML, zip exports).
        const declared = Object.keys(operation.responses?.["200"]?.content ?? {});
        const type = reply.headers.get("content-type") ?? "";
        const expected =
          /^(application\/json|text\/plain)/.test(type) || declared.some((d) => type.startsWith(d));
        expect(expected, `${where} (${type})`).toBe(true);
      }
      expect(reply.status === 404 && reply.body?.error?.code === undefined, where).toBe(false);
      expect(reply.body?.error?.code, where).not.toBe("route.not_found");
    }
  });
});

describe("an unknown /api path", () => {
  const paths = (t: TestApp) => [
    "/api/nothing-here",
    `/api/workspaces/${t.workspaceId}/exports/everything.csv`,
    "/api",
  ];

  it("is a JSON 404 in the error shape from the API app", async () => {
    const t = await makeTestApp();
    for (const path of paths(t).slice(0, 2)) {
      const reply = await t.call("GET", path);
      expect(reply.status, path).toBe(404);
      expect(reply.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(reply.body.error.code, path).toBe("route.not_found");
    }
  });

  it("is a JSON 404, not the reader's page, from the local runtime's web handler", async () => {
    const t = await makeTestApp();
    const dist = mkdtempSync(join(tmpdir(), "gloss-dist-"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Reader</title>");
    const site = new Hono();
    site.route("/", t.app);
    serveReader(site, dist, { uploadOrigin: "http://127.0.0.1:1" });
    for (const method of ["GET", "POST", "DELETE"]) {
      for (const path of paths(t)) {
        const res = await site.request(path, { method });
        const where = `${method} ${path}`;
        expect(res.status, where).toBe(404);
        expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
        expect(((await res.json()) as Spec).error.code, where).toBe("route.not_found");
      }
    }
    // The reader's own routes still get its page, and the API still answers.
    expect(await (await site.request("/w/ws_x/d/doc_y")).text()).toContain("Reader");
    expect((await site.request("/api/health")).status).toBe(200);
  });
});

describe("/api/docs", () => {
  let t: TestApp;
  let html: string;

  beforeAll(async () => {
    t = await makeTestApp();
    const reply = await t.call("GET", "/api/docs");
    expectStatus(reply, 200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    html = reply.text;
  });

  it("is an HTML page", () => {
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<script[^>]*\bsrc=/);
  });

  it("loads nothing from another origin, so it works offline", () => {
    const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map(
      (m) => m[1] ?? "",
    );
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(reference).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    }
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/@import/);
  });

  it("serves every script and stylesheet it references from the API itself", async () => {
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/gi)].map(
      (m) => m[1] ?? "",
    );
    expect(assets).toContain("/api/docs/reference.js");
    for (const asset of assets) {
      const reply = await t.call("GET", asset);
      expect(reply.status, asset).toBe(200);
      expect(reply.text.length, asset).toBeGreaterThan(0);
    }
  });

  it("serves the pinned renderer's bundle as JavaScript, configured to read /api/openapi.json", async () => {
    // What the bundle fetches at run time is checked in the browser (tests/e2e/reference.test.ts).
    expect(html).toContain('data-url="/api/openapi.json"');
    const reply = await t.call("GET", "/api/docs/reference.js");
    expectStatus(reply, 200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(reply.text).toContain("@scalar/api-reference");
    expect(reply.headers.get("cache-control")).toMatch(/^public/);
  });
});
