import { beforeAll, describe, expect, it } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";

type Operation = { method: string; path: string; access: string };

/**
 * Every route, from the app's own OpenAPI document: a route added without an access rule, or
 * with a wrong one, changes this table and fails the assertions below.
 */
async function routeTable(
  app: Awaited<ReturnType<typeof makeAuthApp>>["app"],
): Promise<Operation[]> {
  const doc = await (await app.request(`${ORIGIN}/api/openapi.json`)).json();
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(
    doc.paths as Record<string, Record<string, { "x-gloss-access"?: string }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        access: op["x-gloss-access"] ?? "undeclared",
      });
    }
  }
  return operations;
}

/**
 * The only routes anyone may call without credentials (besides /api/openapi.json and /api/docs,
 * which describe the API and are not routes of it).
 */
const PUBLIC = new Set([
  "GET /api/health",
  "GET /api/auth/config",
  "GET /api/auth/login",
  "GET /api/auth/callback",
  "POST /api/auth/logout",
  "GET /api/shared/{token}",
  // Verifies a citation against the one document the share link opens (see routes/verify.ts).
  "POST /api/shared/{token}/verify",
]);

const fill = (path: string, ws: string) =>
  path
    .replace("{ws}", ws)
    .replace("{docId}", "doc_01M8HF58G27EZWME4X1DY0YNFJ")
    .replace("{annId}", "ann_01M8HF58J6D6Q4SAVT4MHV24EZ")
    .replace("{tagId}", "forced-labour")
    .replace("{userId}", "usr_someone_else")
    .replace("{inviteId}", "inv_01M8HF58J6D6Q4SAVT4MHV24EZ")
    .replace("{tokenId}", "tok_01M8HF58J6D6Q4SAVT4MHV24EZ")
    .replace(/\{[^}]+\}/g, "x");

describe("authorisation of every route", () => {
  let env: Awaited<ReturnType<typeof makeAuthApp>>;
  let routes: Operation[];
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let viewer: Awaited<ReturnType<typeof makeUser>>;
  let outsider: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    env = await makeAuthApp();
    routes = await routeTable(env.app);
    owner = await makeUser(env.ctx, "owner@example.org");
    viewer = await makeUser(env.ctx, "viewer@example.org");
    outsider = await makeUser(env.ctx, "outsider@example.org");
    const invite = await env.request(`/api/workspaces/${owner.workspaceId}/invites`, {
      method: "POST",
      headers: { ...owner.auth, "content-type": "application/json" },
      body: JSON.stringify({ role: "viewer" }),
    });
    const { token } = await invite.json();
    const accepted = await env.request("/api/invites/accept", {
      method: "POST",
      headers: { ...viewer.auth, "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    expect(accepted.status).toBe(200);
    // Something to leak, if anything leaked.
    await env.request(`/api/workspaces/${owner.workspaceId}/documents`, {
      method: "POST",
      headers: { ...owner.auth, "content-type": "application/json" },
      body: JSON.stringify({
        title: "Confidential interview",
        text: "Witness K. described the compound.",
      }),
    });
  });

  it("declares an access rule on every route", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.access === "undeclared")).toEqual([]);
    const declaredPublic = routes
      .filter((r) => r.access === "public")
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(declaredPublic)).toEqual(PUBLIC);
  });

  it("refuses every non-public route without credentials (401)", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access !== "public")) {
      const res = await env.request(fill(route.path, owner.workspaceId), {
        method: route.method,
        headers: { "content-type": "application/json" },
        ...(route.method === "GET" ? {} : { body: "{}" }),
      });
      const body = await res.json().catch(() => null);
      if (res.status !== 401 || typeof body?.error?.code !== "string")
        failures.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("refuses every write to a viewer (403)", async () => {
    const failures: string[] = [];
    const writes = routes.filter(
      (r) =>
        r.method !== "GET" && r.path.startsWith("/api/workspaces/{ws}") && r.access !== "viewer",
    );
    expect(writes.length).toBeGreaterThan(8);
    for (const route of writes) {
      const res = await env.request(fill(route.path, owner.workspaceId), {
        method: route.method,
        headers: { ...viewer.auth, "content-type": "application/json" },
        body: "{}",
      });
      if (res.status !== 403) failures.push(`${route.method} ${route.path} → ${res.status}`);
    }
    // Removing someone else is an owner's write too, though leaving is open to viewers.
    const removeOther = await env.request(
      `/api/workspaces/${owner.workspaceId}/members/${owner.user.id}`,
      {
        method: "DELETE",
        headers: viewer.auth,
      },
    );
    if (removeOther.status !== 403) failures.push(`DELETE member (other) → ${removeOther.status}`);
    expect(failures).toEqual([]);
  });

  it("shows a member of another workspace nothing of this one (404, no data)", async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.path.startsWith("/api/workspaces/{ws}"))) {
      const res = await env.request(fill(route.path, owner.workspaceId), {
        method: route.method,
        headers: { ...outsider.auth, "content-type": "application/json" },
        ...(route.method === "GET" ? {} : { body: "{}" }),
      });
      const text = await res.text();
      if (res.status !== 404 && res.status !== 403)
        failures.push(`${route.method} ${route.path} → ${res.status}`);
      if (text.includes("Confidential") || text.includes(owner.workspaceId))
        failures.push(`${route.path} leaks`);
    }
    expect(failures).toEqual([]);
  });
});
