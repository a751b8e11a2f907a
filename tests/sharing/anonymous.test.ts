import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";

const TEXT = "Guards beat the workers who refused. A local official took payments.";

describe("anonymous share links", () => {
  it("leave out every name and time, and say so; ordinary links keep them", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const doc = (await t.call("POST", `${base}/documents`, { title: "Testimony", text: TEXT }))
      .body;
    await t.call("POST", `${base}/documents/${doc.id}/annotations`, {
      start: 0,
      end: 35,
      exact: TEXT.slice(0, 35),
      tags: ["torture"],
      note: "Witness 7",
    });
    const hidden = await t.call("POST", `${base}/documents/${doc.id}/shares`, {
      label: "For the rapporteur",
      anonymous: true,
    });
    expect(hidden.status).toBe(201);
    expect(hidden.body.anonymous).toBe(true);
    const ordinary = await t.call("POST", `${base}/documents/${doc.id}/shares`, {});
    expect(ordinary.body.anonymous).toBe(false);

    const view = await t.call("GET", `/api/shared/${hidden.body.token}`);
    expect(view.status).toBe(200);
    expect(view.body.share).toMatchObject({ sharedBy: null, createdAt: null, anonymous: true });
    expect(view.body.annotations).toEqual([
      expect.objectContaining({ exact: TEXT.slice(0, 35), author: null, createdAt: null }),
    ]);
    // No name and no timestamp anywhere in what the link serves.
    expect(view.text).not.toContain("Local owner");
    expect(view.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    const named = await t.call("GET", `/api/shared/${ordinary.body.token}`);
    expect(named.body.share.sharedBy).toBe("Local owner");
    expect(named.body.annotations[0].author).toBe("Local owner");

    const listed = await t.call("GET", `${base}/documents/${doc.id}/shares`);
    expect(listed.body.items.map((s: { anonymous: boolean }) => s.anonymous).sort()).toEqual([
      false,
      true,
    ]);
  });
});
