import { describe, expect, it } from "vitest";
import { makeTestApp } from "./support/app.ts";

describe("smoke", () => {
  it("answers health and seeds a default workspace with the codebook", async () => {
    const t = await makeTestApp();
    const health = await t.call("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(t.workspaceId).toMatch(/^ws_/);
    const tags = await t.call("GET", `/api/workspaces/${t.workspaceId}/tags`);
    expect(tags.status).toBe(200);
    expect(tags.body.items.map((x: { id: string }) => x.id)).toContain("forced-labour");
  });
});
