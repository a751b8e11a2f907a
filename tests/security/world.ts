import { expect } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";

/** Text only account A's data contains: any response to someone else that holds it leaked. */
export const MARK = "ZEBRA-CONFIDENTIAL-7731";

export type Env = Awaited<ReturnType<typeof makeAuthApp>>;
export type Account = Awaited<ReturnType<typeof makeUser>>;

export interface Operation {
  method: string;
  path: string;
  access: string;
}

/** Every route, from the app's own OpenAPI document (a new route joins every check below). */
export async function routeTable(env: Env): Promise<Operation[]> {
  const doc = await (await env.app.request(`${ORIGIN}/api/openapi.json`)).json();
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(
    doc.paths as Record<string, Record<string, { "x-gloss-access"?: string }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      operations.push({ method: method.toUpperCase(), path, access: op["x-gloss-access"] ?? "" });
    }
  }
  return operations;
}

/** A JSON call as a client with `headers` (a bearer token, cookies…). */
export async function call(
  env: Env,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const res = await env.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** What account A owns, by id: the targets of every cross-workspace attempt. */
export interface Owned {
  workspaceId: string;
  userId: string;
  docId: string;
  annId: string;
  annId2: string;
  tagId: string;
  linkId: string;
  shareId: string;
  shareToken: string;
  inviteId: string;
  tokenId: string;
}

const TEXT = `${MARK} Witness K. described the compound. Guards took the passports on arrival.`;

/** Two accounts with a workspace each; A's holds one of everything, B's a document of its own. */
export async function twoAccounts() {
  const env = await makeAuthApp();
  const a = await makeUser(env.ctx, "alice@example.org");
  const b = await makeUser(env.ctx, "bob@example.org");
  const ws = `/api/workspaces/${a.workspaceId}`;
  const made = async (method: string, path: string, body: unknown, status = 201) => {
    const res = await call(env, method, path, a.auth, body);
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
    return res.json;
  };
  const tag = await made("POST", `${ws}/tags`, { label: `Secret ${MARK}` });
  const doc = await made("POST", `${ws}/documents`, { title: `Interview ${MARK}`, text: TEXT });
  const annotate = (start: number, end: number) =>
    made("POST", `${ws}/documents/${doc.id}/annotations`, {
      start,
      end,
      exact: TEXT.slice(start, end),
      tags: [tag.id],
      note: `note ${MARK}`,
    });
  const ann = await annotate(MARK.length + 1, MARK.length + 11);
  const ann2 = await annotate(TEXT.indexOf("Guards"), TEXT.indexOf(" took"));
  const link = await made("POST", `${ws}/links`, {
    fromId: ann.id,
    toId: ann2.id,
    relation: "related",
    note: MARK,
  });
  const share = await made("POST", `${ws}/documents/${doc.id}/shares`, { label: MARK });
  const invite = await made("POST", `${ws}/invites`, { role: "editor" });
  const tokens = (await call(env, "GET", "/api/tokens", a.auth)).json;
  const owned: Owned = {
    workspaceId: a.workspaceId,
    userId: a.user.id,
    docId: doc.id,
    annId: ann.id,
    annId2: ann2.id,
    tagId: tag.id,
    linkId: link.id,
    shareId: share.id,
    shareToken: share.token,
    inviteId: invite.id,
    tokenId: tokens.items[0].id,
  };
  // B's own document and annotation, for links from B's workspace into A's.
  const bws = `/api/workspaces/${b.workspaceId}`;
  const bDoc = (
    await call(env, "POST", `${bws}/documents`, b.auth, { title: "B", text: "Bob's own text." })
  ).json;
  const bAnn = (
    await call(env, "POST", `${bws}/documents/${bDoc.id}/annotations`, b.auth, {
      start: 0,
      end: 5,
      exact: "Bob's",
      note: "b",
    })
  ).json;
  return { env, a, b, owned, bAnnId: bAnn.id as string, text: TEXT };
}

/** Everything A can see of their workspace: must be unchanged by anything others try. */
export async function snapshot(env: Env, a: Account) {
  const ws = `/api/workspaces/${a.workspaceId}`;
  const parts = await Promise.all(
    [
      `${ws}/documents`,
      `${ws}/annotations`,
      `${ws}/links`,
      `${ws}/shares`,
      `${ws}/members`,
      `${ws}/invites`,
      `${ws}/tags`,
      "/api/tokens",
    ].map(async (path) => {
      const res = await call(env, "GET", path, a.auth);
      expect(res.status, path).toBe(200);
      // lastUsedAt moves with every use of the token; it is not data anyone changed.
      return res.text.replace(/"lastUsedAt":"[^"]*"/g, "");
    }),
  );
  return parts.join("\n");
}

/** A path with every parameter filled from what A owns, in workspace `ws`. */
export function fill(path: string, ws: string, o: Owned): string {
  return path
    .replace("{ws}", ws)
    .replace("{docId}", o.docId)
    .replace("{annId}", o.annId)
    .replace("{tagId}", o.tagId)
    .replace("{userId}", o.userId)
    .replace("{inviteId}", o.inviteId)
    .replace("{tokenId}", o.tokenId)
    .replace("{linkId}", o.linkId)
    .replace("{shareId}", o.shareId)
    .replace("{token}", o.shareToken);
}

/**
 * A body each write would accept if its target were the caller's own, so a refusal shows the
 * lookup refused it, not the validator.
 */
export function bodyFor(op: Operation, o: Owned, text: string, bAnnId: string): unknown {
  const key = `${op.method} ${op.path.replace("/api/workspaces/{ws}", "")}`;
  const start = MARK.length + 1;
  const bodies: Record<string, unknown> = {
    "PATCH /members/{userId}": { role: "viewer" },
    "POST /invites": { role: "owner" },
    "POST /tags": { label: "Attempt" },
    "PATCH /tags/{tagId}": { label: "pwned", version: 1 },
    "POST /documents/uploads": { fileName: "a.txt", size: 10 },
    "POST /documents/{docId}/versions/uploads": { fileName: "a.txt", size: 10 },
    "POST /documents": { title: "Attempt", text: "attempt" },
    "PATCH /documents/{docId}": { title: "pwned", version: 1 },
    "POST /documents/{docId}/versions": { text: "pwned" },
    "POST /documents/{docId}/annotations": {
      start,
      end: start + 10,
      exact: text.slice(start, start + 10),
      note: "pwned",
    },
    "PATCH /annotations/{annId}": { note: "pwned", version: 1 },
    "POST /links": { fromId: bAnnId, toId: o.annId, relation: "related" },
    "POST /documents/{docId}/shares": {},
    "POST /imports/annotations.jsonld": {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body: [{ type: "TextualBody", value: "pwned", purpose: "commenting" }],
      target: { source: o.docId, selector: { type: "TextQuoteSelector", exact: "Witness K." } },
    },
    "POST /restore": {},
    "POST /api/tokens": { name: "attempt" },
    "POST /api/invites/accept": { token: "inv_x" },
    "POST /api/workspaces": { name: "Attempt" },
  };
  return bodies[key] ?? {};
}
