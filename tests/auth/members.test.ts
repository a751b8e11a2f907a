import { describe, expect, it } from "vitest";
import { makeAuthApp, makeUser } from "../support/auth.ts";

const send = (method: string, headers: Record<string, string>, body?: unknown) => ({
  method,
  headers: { ...headers, "content-type": "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

async function invite(
  env: Awaited<ReturnType<typeof makeAuthApp>>,
  owner: { workspaceId: string; auth: Record<string, string> },
  role: string,
  expiresInDays = 7,
) {
  const res = await env.request(
    `/api/workspaces/${owner.workspaceId}/invites`,
    send("POST", owner.auth, { role, expiresInDays }),
  );
  expect(res.status).toBe(201);
  return res.json();
}

describe("workspace members and invitations", () => {
  it("lets an invited user join with the invited role, once", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "owner@example.org");
    const bob = await makeUser(env.ctx, "bob@example.org");
    const carol = await makeUser(env.ctx, "carol@example.org");
    const { token } = await invite(env, owner, "editor");
    expect(token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);

    const accepted = await env.request("/api/invites/accept", send("POST", bob.auth, { token }));
    expect(accepted.status).toBe(200);
    const me = await (await env.request("/api/me", { headers: bob.auth })).json();
    expect(me.workspaces.map((w: { id: string; role: string }) => [w.id, w.role])).toContainEqual([
      owner.workspaceId,
      "editor",
    ]);

    const reused = await env.request("/api/invites/accept", send("POST", carol.auth, { token }));
    expect(reused.status).toBe(404);
    expect((await reused.json()).error.code).toBe("invite.invalid");
    const members = await (
      await env.request(`/api/workspaces/${owner.workspaceId}/members`, { headers: owner.auth })
    ).json();
    expect(members.items.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [owner.user.id, bob.user.id].sort(),
    );
  });

  it("never lets a removed or demoted member restore their access with their old invitation", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "owner@example.org");
    const bob = await makeUser(env.ctx, "bob@example.org");
    const carol = await makeUser(env.ctx, "carol@example.org");
    const base = `/api/workspaces/${owner.workspaceId}/members`;
    const roleOf = async (user: { auth: Record<string, string> }) => {
      const me = await (await env.request("/api/me", { headers: user.auth })).json();
      return me.workspaces.find((w: { id: string }) => w.id === owner.workspaceId)?.role ?? null;
    };

    const editorInvite = await invite(env, owner, "editor");
    const accept = (user: { auth: Record<string, string> }, token: string) =>
      env.request("/api/invites/accept", send("POST", user.auth, { token }));
    expect((await accept(bob, editorInvite.token)).status).toBe(200);
    expect((await env.request(`${base}/${bob.user.id}`, send("DELETE", owner.auth))).status).toBe(
      204,
    );
    const replayed = await accept(bob, editorInvite.token);
    expect(replayed.status).toBe(404);
    expect((await replayed.json()).error.code).toBe("invite.invalid");
    expect(await roleOf(bob)).toBeNull();

    const ownerInvite = await invite(env, owner, "owner");
    expect((await accept(carol, ownerInvite.token)).status).toBe(200);
    const demoted = await env.request(
      `${base}/${carol.user.id}`,
      send("PATCH", owner.auth, { role: "viewer" }),
    );
    expect(demoted.status).toBe(200);
    expect((await accept(carol, ownerInvite.token)).status).toBe(404);
    expect(await roleOf(carol)).toBe("viewer");
  });

  it("refuses an expired invitation", async () => {
    let now = new Date("2026-03-01T00:00:00Z");
    const env = await makeAuthApp({ now: () => now });
    const owner = await makeUser(env.ctx, "owner@example.org");
    const bob = await makeUser(env.ctx, "bob@example.org");
    const { token } = await invite(env, owner, "viewer", 1);
    now = new Date("2026-03-02T00:00:01Z");
    const res = await env.request("/api/invites/accept", send("POST", bob.auth, { token }));
    expect(res.status).toBe(404);
  });

  it("changes roles, and never lets the last owner leave or be demoted", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "owner@example.org");
    const bob = await makeUser(env.ctx, "bob@example.org");
    const { token } = await invite(env, owner, "viewer");
    await env.request("/api/invites/accept", send("POST", bob.auth, { token }));
    const base = `/api/workspaces/${owner.workspaceId}/members`;

    const leave = await env.request(`${base}/${owner.user.id}`, send("DELETE", owner.auth));
    expect(leave.status).toBe(409);
    expect((await leave.json()).error.code).toBe("member.last_owner");
    const demote = await env.request(
      `${base}/${owner.user.id}`,
      send("PATCH", owner.auth, { role: "editor" }),
    );
    expect(demote.status).toBe(409);

    const promote = await env.request(
      `${base}/${bob.user.id}`,
      send("PATCH", owner.auth, { role: "owner" }),
    );
    expect(promote.status).toBe(200);
    expect((await env.request(`${base}/${owner.user.id}`, send("DELETE", owner.auth))).status).toBe(
      204,
    );
    // Bob is now the only owner.
    expect((await env.request(`${base}/${bob.user.id}`, send("DELETE", bob.auth))).status).toBe(
      409,
    );
    expect(
      (await env.request(`/api/workspaces/${owner.workspaceId}/documents`, { headers: owner.auth }))
        .status,
    ).toBe(404);
  });

  it("lets a viewer leave but not remove others", async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "owner@example.org");
    const bob = await makeUser(env.ctx, "bob@example.org");
    const { token } = await invite(env, owner, "viewer");
    await env.request("/api/invites/accept", send("POST", bob.auth, { token }));
    const base = `/api/workspaces/${owner.workspaceId}/members`;
    expect((await env.request(`${base}/${owner.user.id}`, send("DELETE", bob.auth))).status).toBe(
      403,
    );
    expect((await env.request(`${base}/${bob.user.id}`, send("DELETE", bob.auth))).status).toBe(
      204,
    );
    expect((await env.request(base, { headers: bob.auth })).status).toBe(404);
  });
});
