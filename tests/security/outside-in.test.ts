/**
 * The API attacked from outside, as a security tester would: two accounts with a workspace each,
 * every route from the OpenAPI document tried against the other account's ids, every write sent
 * cross-site, redirects bent, roles stretched, and spent credentials replayed. In-process
 * (`app.request`) against the real embedded DynamoDB and S3.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../auth/flow.ts";
import { ORIGIN } from "../support/auth.ts";
import {
  bodyFor,
  call,
  fill,
  MARK,
  type Operation,
  routeTable,
  snapshot,
  twoAccounts,
} from "./world.ts";

type World = Awaited<ReturnType<typeof twoAccounts>>;

/** Statuses a refused attempt may get; anything else (2xx, 5xx) is a finding. */
const REFUSED = new Set([400, 401, 403, 404, 409, 413, 415, 422]);
/** Path parameters that name something of A's; a route with none only touches B's own data. */
const NAMES_ONE_OF_A = /\{(docId|annId|tagId|userId|inviteId|linkId|shareId|tokenId)\}/;

describe("outside-in security", () => {
  let w: World;
  let routes: Operation[];
  let before: string;
  let probes = 0;

  beforeAll(async () => {
    w = await twoAccounts();
    routes = await routeTable(w.env);
    before = await snapshot(w.env, w.a);
  });

  it("covers every kind of resource the API has", () => {
    const paths = routes.map((r) => r.path).join("\n");
    for (const kind of [
      "documents",
      "annotations",
      "links",
      "shares",
      "tokens",
      "invites",
      "members",
      "exports",
      "backup",
      "restore",
      "imports",
    ]) {
      expect(paths).toContain(kind);
    }
  });

  it("refuses another account every route in A's workspace, leaking nothing", async () => {
    const findings: string[] = [];
    for (const op of routes.filter((r) => r.path.startsWith("/api/workspaces/{ws}"))) {
      const path = fill(op.path, w.owned.workspaceId, w.owned);
      const body = op.method === "GET" ? undefined : bodyFor(op, w.owned, w.text, w.bAnnId);
      const res = await call(w.env, op.method, path, w.b.auth, body);
      if (res.status !== 404 && res.status !== 403)
        findings.push(`${op.method} ${op.path} → ${res.status}`);
      if (res.text.includes(MARK)) findings.push(`${op.method} ${op.path} leaks A's data`);
      probes++;
    }
    expect(findings).toEqual([]);
  });

  it("refuses A's ids in B's own workspace, and B's exports and backup hold nothing of A's", async () => {
    const findings: string[] = [];
    for (const op of routes.filter((r) => r.path.startsWith("/api/workspaces/{ws}"))) {
      let path = fill(op.path, w.b.workspaceId, w.owned);
      // Filters that name A's document or code must not reach them either.
      if (op.method === "GET" && /\/exports\/|\{ws\}\/annotations$/.test(op.path))
        path += `?documentId=${w.owned.docId}`;
      const body = op.method === "GET" ? undefined : bodyFor(op, w.owned, w.text, w.bAnnId);
      const res = await call(w.env, op.method, path, w.b.auth, body);
      const targetsA = NAMES_ONE_OF_A.test(op.path) || op.path.endsWith("/links");
      if (res.status >= 500) findings.push(`${op.method} ${op.path} → ${res.status}`);
      if (targetsA && op.method !== "GET" && !REFUSED.has(res.status))
        findings.push(`${op.method} ${op.path} (A's id) → ${res.status}`);
      if (targetsA && op.method === "GET" && NAMES_ONE_OF_A.test(op.path) && res.status !== 404)
        findings.push(`${op.method} ${op.path} (A's id) → ${res.status}`);
      if (res.text.includes(MARK)) findings.push(`${op.method} ${op.path} leaks A's data`);
      probes++;
    }
    expect(findings).toEqual([]);
    console.log(`security: ${probes} cross-workspace probes by id, 0 findings`);
  });

  it("refuses revoking another account's API token, which keeps working", async () => {
    const res = await call(w.env, "DELETE", `/api/tokens/${w.owned.tokenId}`, w.b.auth);
    expect(res.status).toBe(404);
    const listed = await call(w.env, "GET", "/api/tokens", w.b.auth);
    expect(listed.text).not.toContain(w.owned.tokenId);
    expect((await call(w.env, "GET", "/api/me", w.a.auth)).status).toBe(200);
  });

  it("left everything of A's exactly as it was", async () => {
    expect(await snapshot(w.env, w.a)).toEqual(before);
  });
});

describe("cross-site writes with a signed-in browser", () => {
  // This and the 3,000-character sweep below send a request per route of the API: a few seconds on
  // a quiet machine, over 30 s on a loaded one (a CI run at load 30), so they get their own budget.
  it("refuses every write with a foreign, absent or null Origin, and changes nothing", async () => {
    const w = await twoAccounts();
    const routes = await routeTable(w.env);
    // Alice signs in with her browser: the same account as her API token.
    const jar = await signIn(w.env, "alice@example.org");
    const before = await snapshot(w.env, w.a);
    const writes = routes.filter((r) => r.method !== "GET" && r.access !== "public");
    writes.push({ method: "POST", path: "/api/auth/logout", access: "public" });
    expect(writes.length).toBeGreaterThan(25);
    const attempts: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: "http://gloss.test.evil.example" },
      { origin: "null" },
      {},
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://sub.gloss.test" },
    ];
    const findings: string[] = [];
    for (const op of writes) {
      const path = fill(op.path, w.a.workspaceId, w.owned);
      for (const headers of attempts) {
        const res = await call(
          w.env,
          op.method,
          path,
          { cookie: jar.header(), ...headers },
          bodyFor(op, w.owned, w.text, w.bAnnId),
        );
        if (res.status !== 403 || res.json?.error?.code !== "auth.cross_site")
          findings.push(`${op.method} ${op.path} ${JSON.stringify(headers)} → ${res.status}`);
      }
    }
    expect(findings).toEqual([]);
    console.log(`security: ${writes.length * attempts.length} cross-site writes, all refused`);
    expect(await snapshot(w.env, w.a)).toEqual(before);
    // The same browser, from the app's own pages, may write: the refusals were about the origin.
    const own = await call(
      w.env,
      "POST",
      `/api/workspaces/${w.a.workspaceId}/documents`,
      { cookie: jar.header(), origin: ORIGIN },
      { title: "From the app", text: "ok" },
    );
    expect(own.status).toBe(201);
  }, 120_000);
});

describe("redirects", () => {
  it("never sends the browser off the site from returnTo or the issuer", async () => {
    const w = await twoAccounts();
    const offSite = [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/%09/evil.example",
      "/%2F%2Fevil.example",
      "/%5C%5Cevil.example",
      "/\r\n/evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      " /ok",
      "/.//evil.example",
      "/%E3%80%82/evil.example",
    ];
    for (const returnTo of offSite) {
      const res = await w.env.request(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      const location = res.headers.get("location") ?? "";
      expect(res.status, JSON.stringify(returnTo)).toBeLessThan(500);
      if (res.status === 302) {
        expect(new URL(location, ORIGIN).origin, JSON.stringify(returnTo)).toBe(ORIGIN);
        expect(location.startsWith("//") || location.includes("\\")).toBe(false);
      }
    }
    const issuer = await w.env.request(
      "/authorize?client_id=gloss-web&response_type=code&redirect_uri=https://evil.example/cb&state=x",
    );
    expect(issuer.status).toBe(400);
    expect(issuer.headers.get("location")).toBeNull();
  });
});

describe("role escalation", () => {
  it("lets neither an editor make itself owner nor a viewer write", async () => {
    const w = await twoAccounts();
    const ws = `/api/workspaces/${w.a.workspaceId}`;
    const join = async (role: "editor" | "viewer", auth: Record<string, string>) => {
      const invite = await call(w.env, "POST", `${ws}/invites`, w.a.auth, { role });
      const accepted = await call(w.env, "POST", "/api/invites/accept", auth, {
        token: invite.json.token,
      });
      expect(accepted.status).toBe(200);
    };
    await join("editor", w.b.auth);
    const { makeUser } = await import("../support/auth.ts");
    const viewer = await makeUser(w.env.ctx, "victor@example.org");
    await join("viewer", viewer.auth);
    const editorTries = [
      ["PATCH", `${ws}/members/${w.b.user.id}`, { role: "owner" }],
      ["PATCH", `${ws}/members/${w.a.user.id}`, { role: "viewer" }],
      ["DELETE", `${ws}/members/${w.a.user.id}`, undefined],
      ["POST", `${ws}/invites`, { role: "owner" }],
      ["POST", `${ws}/invites`, { role: "editor" }],
      ["GET", `${ws}/invites`, undefined],
      ["GET", `${ws}/backup`, undefined],
      ["POST", `${ws}/restore`, {}],
      ["DELETE", `${ws}/documents/${w.owned.docId}`, undefined],
      ["DELETE", `${ws}/tags/${w.owned.tagId}`, undefined],
      ["GET", `${ws}/shares`, undefined],
    ] as const;
    for (const [method, path, body] of editorTries) {
      const res = await call(w.env, method, path, w.b.auth, body);
      expect(res.status, `editor ${method} ${path}`).toBe(403);
    }
    const viewerTries = [
      ["POST", `${ws}/documents`, { title: "t", text: "x" }],
      ["PATCH", `${ws}/annotations/${w.owned.annId}`, { note: "x", version: 1 }],
      ["POST", `${ws}/documents/${w.owned.docId}/shares`, {}],
      ["POST", `${ws}/links`, { fromId: w.owned.annId, toId: w.owned.annId2, relation: "related" }],
      ["PATCH", `${ws}/members/${viewer.user.id}`, { role: "editor" }],
    ] as const;
    for (const [method, path, body] of viewerTries) {
      const res = await call(w.env, method, path, viewer.auth, body);
      expect(res.status, `viewer ${method} ${path}`).toBe(403);
    }
    const members = (await call(w.env, "GET", `${ws}/members`, w.a.auth)).json.items;
    const roles = Object.fromEntries(
      members.map((m: { userId: string; role: string }) => [m.userId, m.role]),
    );
    expect(roles).toEqual({
      [w.a.user.id]: "owner",
      [w.b.user.id]: "editor",
      [viewer.user.id]: "viewer",
    });
  });
});

describe("spent, expired and replayed credentials", () => {
  it("refuses an expired or revoked API token, a revoked share, and a replayed sign-in", async () => {
    let now = new Date();
    const { makeAuthApp, makeUser } = await import("../support/auth.ts");
    const env = await makeAuthApp({ now: () => now });
    const a = await makeUser(env.ctx, "alice@example.org");
    const shortLived = await call(env, "POST", "/api/tokens", a.auth, {
      name: "short",
      expiresInDays: 1,
    });
    const bearer = { authorization: `Bearer ${shortLived.json.token}` };
    expect((await call(env, "GET", "/api/me", bearer)).status).toBe(200);
    now = new Date(now.getTime() + 2 * 86_400_000);
    expect((await call(env, "GET", "/api/me", bearer)).status).toBe(401);
    now = new Date();

    const revoked = await call(env, "POST", "/api/tokens", a.auth, { name: "revoked" });
    await call(env, "DELETE", `/api/tokens/${revoked.json.id}`, a.auth);
    const replay = { authorization: `Bearer ${revoked.json.token}` };
    expect((await call(env, "GET", "/api/me", replay)).status).toBe(401);

    const ws = `/api/workspaces/${a.workspaceId}`;
    const doc = await call(env, "POST", `${ws}/documents`, a.auth, { title: "t", text: "x" });
    const share = await call(env, "POST", `${ws}/documents/${doc.json.id}/shares`, a.auth, {});
    expect((await call(env, "GET", `/api/shared/${share.json.token}`, {})).status).toBe(200);
    await call(env, "DELETE", `${ws}/shares/${share.json.id}`, a.auth);
    expect((await call(env, "GET", `/api/shared/${share.json.token}`, {})).status).toBe(404);

    // A sign-in's authorisation code and one-time code both work once.
    const { openSignIn, requestCode, submitCode } = await import("../auth/flow.ts");
    const b = await openSignIn(env);
    const code = await requestCode(env, b, "alice@example.org");
    const saved = b.jar.header();
    const verified = await submitCode(b, code);
    expect(verified.status).toBe(302);
    const callback = new URL(verified.headers.get("location") ?? "", ORIGIN);
    const stateCookie = /gloss_oauth_state=[^;]+/.exec(b.jar.header())?.[0] ?? "";
    const first = await env.request(`${callback.pathname}${callback.search}`, {
      headers: { cookie: stateCookie },
    });
    expect(first.status).toBe(302);
    const again = await env.request(`${callback.pathname}${callback.search}`, {
      headers: { cookie: stateCookie },
    });
    expect(again.status).toBe(401);
    const { form } = await import("../auth/flow.ts");
    const reused = await env.request(
      "/email/authorize",
      form({ code, action: "verify" }, { cookie: saved }),
    );
    expect(reused.status).toBe(200);
  });
});

describe("hostile input at the edges", () => {
  it("answers an oversized X-Forwarded-For or email with a normal answer, never a 500", async () => {
    const w = await twoAccounts();
    const huge = { "x-forwarded-for": `${"9".repeat(3000)}, 10.0.0.1` };
    const login = await w.env.request("/api/auth/login?returnTo=/", { headers: huge });
    expect(login.status).toBe(302);
    const page = await w.env.request("/email/authorize", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...huge },
      body: new URLSearchParams({ email: `${"e".repeat(3000)}@example.org`, action: "request" }),
    });
    expect(page.status).toBe(200);
    const newline = await w.env.request("/api/auth/login?returnTo=%2F%0A%2Fx");
    expect(newline.status).toBe(400);
    expect((await newline.json()).error.code).toBeTruthy();
  });

  it("answers ids, filters and headers of 3,000 characters on every route without a 500", async () => {
    const w = await twoAccounts();
    const routes = await routeTable(w.env);
    const long = "x".repeat(3000);
    const findings: string[] = [];
    for (const op of routes) {
      const path = op.path.replace("{ws}", w.b.workspaceId).replace(/\{[^}]+\}/g, long);
      const query = op.method === "GET" ? `?documentId=${long}&tag=${long}&cursor=${long}` : "";
      const res = await call(
        w.env,
        op.method,
        `${path}${query}`,
        { ...w.b.auth, "x-forwarded-for": `${long}, 10.0.0.1`, "idempotency-key": long },
        op.method === "GET" ? undefined : { id: long, name: long, token: long, fromId: long },
      );
      if (res.status >= 500) findings.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(findings).toEqual([]);
  }, 120_000);

  it("refuses to restore a backup whose source link is javascript:", async () => {
    const w = await twoAccounts();
    const backup = (await call(w.env, "GET", `/api/workspaces/${w.a.workspaceId}/backup`, w.a.auth))
      .json;
    backup.documents[0].sourceUrl = "javascript:alert(document.domain)";
    const target = await call(w.env, "POST", "/api/workspaces", w.a.auth, { name: "Restored" });
    expect(target.status).toBe(201);
    const res = await call(
      w.env,
      "POST",
      `/api/workspaces/${target.json.id}/restore`,
      w.a.auth,
      backup,
    );
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("backup.source_url_invalid");
    const docs = await call(w.env, "GET", `/api/workspaces/${target.json.id}/documents`, w.a.auth);
    expect(docs.json.items).toEqual([]);
  });
});
