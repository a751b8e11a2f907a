import * as Workspace from "@gloss/core/workspace";
import { expect } from "vitest";
import { type AuthApp, makeAuthApp, makeUser, ORIGIN, type TestUser } from "./auth.ts";

/**
 * The set-up every coding-round test starts from: sign-in required, an owner, two coders (B and
 * C, editors of the owner's workspace), optionally a viewer, and helpers that talk to the API as
 * any of them. Documents and rounds are made by the test, so each file keeps its own story.
 */
export type AuthEnv = AuthApp;
export type Member = TestUser;

export interface RawReply {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
}

export interface JsonReply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  body: any;
}

export interface RoundTeam {
  env: AuthEnv;
  owner: Member;
  /** Coder B, an editor. */
  b: Member;
  /** Coder C, an editor. */
  c: Member;
  /** A viewer of the workspace, when asked for. */
  viewer: Member;
  /** The owner's workspace, where everyone works. */
  ws: string;
  /** A request as `who` (or anonymous) to `/api<path>`; the body is sent as JSON. */
  request(who: Member | null, method: string, path: string, body?: unknown): Promise<RawReply>;
  /** A request as `who` to `/api/workspaces/<ws><path>`, its JSON body parsed (null if empty). */
  call(who: Member, method: string, path: string, body?: unknown): Promise<JsonReply>;
  /** Adds a document as the owner (expects 201) and returns its id. */
  document(title: string, text: string): Promise<string>;
  /** Codes the first `exact` of `text` on a document as `who` (expects 201); returns its id. */
  code(
    who: Member,
    documentId: string,
    text: string,
    exact: string,
    tags?: string[],
    extra?: Record<string, unknown>,
  ): Promise<string>;
  /** Opens a round as the owner (expects 201) and returns its id. */
  openRound(input: {
    documentIds: string[];
    coderIds?: string[];
    tagIds: string[];
    blind?: boolean;
  }): Promise<string>;
}

/** An owner with two coders (and a viewer if `viewer`) on a fresh table, sign-in required. */
export async function makeRoundTeam(options: { viewer?: boolean } = {}): Promise<RoundTeam> {
  const env = await makeAuthApp();
  // One after another, as ids are time-sortable: B's user id sorts before C's, as lanes expect.
  const owner = await makeUser(env.ctx, "owner@example.org");
  const b = await makeUser(env.ctx, "b@example.org");
  const c = await makeUser(env.ctx, "c@example.org");
  const viewer = options.viewer ? await makeUser(env.ctx, "viewer@example.org") : undefined;
  const ws = owner.workspaceId;
  await Promise.all([
    Workspace.addMember(env.ctx, ws, b.user, "editor"),
    Workspace.addMember(env.ctx, ws, c.user, "editor"),
    ...(viewer ? [Workspace.addMember(env.ctx, ws, viewer.user, "viewer")] : []),
  ]);

  const request: RoundTeam["request"] = async (who, method, path, body) => {
    const response = await env.app.request(`${ORIGIN}/api${path}`, {
      method,
      headers: { ...(who?.auth ?? {}), ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      text: new TextDecoder().decode(bytes),
    };
  };
  const call: RoundTeam["call"] = async (who, method, path, body) => {
    const r = await request(who, method, `/workspaces/${ws}${path}`, body);
    return {
      status: r.status,
      headers: r.headers,
      text: r.text,
      body: r.text ? JSON.parse(r.text) : null,
    };
  };
  const team: RoundTeam = {
    env,
    owner,
    b,
    c,
    get viewer(): Member {
      if (!viewer) throw new Error("makeRoundTeam({ viewer: true }) makes a viewer");
      return viewer;
    },
    ws,
    request,
    call,
    async document(title, text) {
      const reply = await call(team.owner, "POST", "/documents", { title, text });
      expect(reply.status, reply.text).toBe(201);
      return reply.body.id as string;
    },
    async code(who, documentId, text, exact, tags = ["forced-labour"], extra = {}) {
      const start = text.indexOf(exact);
      const reply = await call(who, "POST", `/documents/${documentId}/annotations`, {
        start,
        end: start + exact.length,
        exact,
        tags,
        ...extra,
      });
      expect(reply.status, reply.text).toBe(201);
      return reply.body.id as string;
    },
    async openRound(input) {
      const reply = await call(team.owner, "POST", "/rounds", {
        coderIds: [team.b.user.id, team.c.user.id],
        blind: true,
        ...input,
      });
      expect(reply.status, reply.text).toBe(201);
      return reply.body.id as string;
    },
  };
  return team;
}
