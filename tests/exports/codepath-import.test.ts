import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { expectStatus, makeDocument, tagsPath } from "../support/data.ts";

const TEXT =
  "Police held the men incommunicado for nine days.\n\nNo lawyer was allowed to see them.";

/** A Gloss-shaped tagging body with the code's place in the tree. */
const tagging = (value: string, codePath: string) => ({
  type: "TextualBody",
  purpose: "tagging",
  value,
  format: "text/plain",
  codePath,
});

describe("JSON-LD import of nested codes", () => {
  it("places new codes under the codes their codePath names, matching labels as tags do and adding missing parents", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { title: "Detention", text: TEXT });
    const source = `http://localhost/api/workspaces/${t.workspaceId}/documents/${doc.id}`;
    const annotation = (exact: string, body: unknown[]) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body,
      target: { source, selector: [{ type: "TextQuoteSelector", exact }] },
    });
    const reply = await t.call(
      "POST",
      `/api/workspaces/${t.workspaceId}/imports/annotations.jsonld`,
      [
        // "ARBITRARY DÉTENTION" is the existing Arbitrary detention, whatever its own parent.
        annotation("held the men incommunicado", [
          tagging("Incommunicado", "Somewhere else › ARBITRARY DETENTION › Incommunicado"),
        ]),
        // No parent exists: both levels are added, then reused by the next annotation.
        annotation("No lawyer", [
          tagging("Denied counsel", "Fair trial › Access to a lawyer › Denied counsel"),
        ]),
        annotation("nine days", [
          tagging("Prolonged", "Fair trial › Access to a lawyer › Prolonged"),
        ]),
      ],
    );
    expectStatus(reply, 200);
    expect(reply.body.imported).toBe(3);
    const codes = (await t.call("GET", tagsPath(t))).body.items as Array<{
      id: string;
      label: string;
      parentId: string | null;
    }>;
    const byLabel = (label: string) => codes.filter((c) => c.label === label);
    expect(byLabel("Incommunicado")).toEqual([
      expect.objectContaining({ parentId: "arbitrary-detention" }),
    ]);
    expect(byLabel("Somewhere else")).toEqual([]);
    const [fairTrial] = byLabel("Fair trial");
    expect(fairTrial).toMatchObject({ parentId: null });
    const [lawyer] = byLabel("Access to a lawyer");
    expect(lawyer).toMatchObject({ parentId: fairTrial!.id });
    expect(byLabel("Denied counsel")).toEqual([expect.objectContaining({ parentId: lawyer!.id })]);
    expect(byLabel("Prolonged")).toEqual([expect.objectContaining({ parentId: lawyer!.id })]);
    expect(byLabel("Access to a lawyer")).toHaveLength(1);
    expect(reply.body.tagsCreated).toEqual(
      expect.arrayContaining([
        "incommunicado",
        fairTrial!.id,
        lawyer!.id,
        "denied-counsel",
        "prolonged",
      ]),
    );
  });
});
