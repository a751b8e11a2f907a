import * as Document from "@gloss/core/document";
import * as Storage from "@gloss/core/storage";
import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { documentPath, expectStatus, makeDocument } from "../support/data.ts";

describe("canonical text rules recorded per text version", () => {
  it("makes new documents and new versions with the current rules and records them", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: "The situa\u00ADtion ends here\fpage two begins." });
    const first = (await t.call("GET", `${documentPath(t, doc.id)}/text`)).text;
    expect(first).toBe("The situation ends here\n\npage two begins.");
    expect(await Document.textRulesOf(t.ctx, t.workspaceId, doc.id, 1)).toBe(2);

    const reply = await t.call("POST", `${documentPath(t, doc.id)}/versions`, {
      text: "The situation\u200B ends here.\vA line of its own.\n\nNext.",
    });
    expectStatus(reply, 201);
    const second = (await t.call("GET", `${documentPath(t, doc.id)}/text`)).text;
    expect(second).toBe("The situation ends here.\nA line of its own.\n\nNext.");
    expect(await Document.textRulesOf(t.ctx, t.workspaceId, doc.id, 2)).toBe(2);
  });

  it("reads a text stored before rules were recorded as made by version 1, unchanged", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: "placeholder text" });
    // A text as version 1 of the rules stored it: soft hyphen kept, no rules recorded.
    const old = "The situa\u00ADtion as stored in 2025.";
    await Storage.putObject(
      t.ctx,
      Storage.objectKeys.text(t.workspaceId, doc.id, 1),
      old,
      "text/plain; charset=utf-8",
    );
    expect(await Document.textRulesOf(t.ctx, t.workspaceId, doc.id, 1)).toBe(1);
  });
});
