import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { describe, expect, it } from "vitest";
import { keySecret, openKey, sealKey } from "../../packages/functions/src/auth/key-secret.ts";
import { tableStorage } from "../../packages/functions/src/auth/storage.ts";
import { handOverLocalWorkspace } from "../../packages/local/src/handover.ts";
import { makeAuthApp } from "../support/auth.ts";
import { signIn } from "./flow.ts";

describe("tokens made with sign-in off", () => {
  it("stop working once sign-in is required, and are revoked at the hand-over", async () => {
    const env = await makeAuthApp();
    // As `npm start` left it with sign-in off: the local owner's workspace and a token.
    const workspaceId = await Workspace.ensureDefault(env.ctx, User.LOCAL_OWNER);
    const { token } = await Token.create(env.ctx, User.LOCAL_OWNER.id, { name: "script" });
    const asLocal = await env.request(`/api/workspaces/${workspaceId}/documents`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asLocal.status).toBe(401);
    expect((await asLocal.json()).error.code).toBe("auth.invalid_token");

    const first = await User.getOrCreateByEmail(env.ctx, "first@example.org");
    await handOverLocalWorkspace(env.ctx, workspaceId, first);
    expect(await Token.list(env.ctx, User.LOCAL_OWNER.id)).toEqual([]);
    expect(await Token.verify(env.ctx, token)).toBeNull();
    const members = await Workspace.listMembers(env.ctx, workspaceId);
    expect(members.find((m) => m.userId === first.id)?.role).toBe("owner");
  });
});

describe("the issuer's private keys", () => {
  it("are stored only encrypted, and still sign sessions the API accepts", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "a@example.org");
    expect((await env.request("/api/me", { headers: { cookie: jar.header() } })).status).toBe(200);
    const items =
      (await env.ctx.db.send(new ScanCommand({ TableName: env.ctx.table }))).Items ?? [];
    const keyItems = items.filter((i) => /^AUTH#(signing|encryption):key$/.test(String(i.pk)));
    expect(keyItems.length).toBeGreaterThanOrEqual(2);
    const raw = JSON.stringify(items);
    expect(raw).not.toContain("PRIVATE KEY");
    // A DER key in base64 starts "MII"; sealed values are random base64url and may hold those
    // three letters by chance, so only what is not sealed is searched for them.
    const unsealed = JSON.stringify(
      items.map((i) => (String(i.value ?? "").startsWith("sealed:") ? { ...i, value: "" } : i)),
    );
    expect(unsealed).not.toContain("MII");
    for (const item of keyItems) expect(String(item.value)).toMatch(/^sealed:v1:/);
  });

  it("seals a key record written in clear before, in place", async () => {
    const env = await makeAuthApp();
    const storage = tableStorage(env.ctx);
    const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
    const legacy = { id: "k1", privateKey: "-----BEGIN PRIVATE KEY-----x", publicKey: "p" };
    await env.ctx.db.send(
      new PutCommand({
        TableName: env.ctx.table,
        Item: { pk: "AUTH#signing:key", sk: "k1", type: "auth", value: JSON.stringify(legacy) },
      }),
    );
    const seen = [];
    for await (const entry of storage.scan(["signing:key"])) seen.push(entry);
    expect(seen).toEqual([[["signing:key", "k1"], legacy]]);
    const items =
      (await env.ctx.db.send(new ScanCommand({ TableName: env.ctx.table }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain("PRIVATE KEY");
  });

  it("keeps the local runtime's secret in its data folder, readable by its owner only", async () => {
    const { mkdtemp, stat } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { ensureAuthKeySecret } = await import("../../packages/local/src/auth-key.ts");
    const dir = await mkdtemp(join(tmpdir(), "gloss-key-"));
    const saved = process.env.GLOSS_AUTH_KEY_SECRET;
    try {
      delete process.env.GLOSS_AUTH_KEY_SECRET;
      await ensureAuthKeySecret(dir);
      const first = process.env.GLOSS_AUTH_KEY_SECRET ?? "";
      expect(first.length).toBeGreaterThanOrEqual(32);
      delete process.env.GLOSS_AUTH_KEY_SECRET;
      await ensureAuthKeySecret(dir);
      expect(process.env.GLOSS_AUTH_KEY_SECRET).toBe(first);
      expect((await stat(join(dir, "auth-key-secret"))).mode & 0o077).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.GLOSS_AUTH_KEY_SECRET;
      else process.env.GLOSS_AUTH_KEY_SECRET = saved;
    }
  });

  it("refuses to start deployed without GLOSS_AUTH_KEY_SECRET, with what to do", () => {
    const deployed = { AWS_LAMBDA_FUNCTION_NAME: "gloss-auth" } as NodeJS.ProcessEnv;
    expect(() => keySecret(deployed)).toThrow(/GLOSS_AUTH_KEY_SECRET is not set/);
    expect(() => keySecret({ ...deployed, GLOSS_AUTH_KEY_SECRET: "short" })).toThrow(/at least 32/);
    expect(keySecret({ ...deployed, GLOSS_AUTH_KEY_SECRET: "k".repeat(32) })).toBe("k".repeat(32));
    const secret = "s".repeat(40);
    expect(openKey(sealKey({ a: 1 }, secret), secret)).toEqual({ a: 1 });
    expect(() => openKey(sealKey({ a: 1 }, secret), "t".repeat(40))).toThrow();
  });
});
