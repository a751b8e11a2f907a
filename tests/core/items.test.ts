import * as Annotation from "@gloss/core/annotation";
import * as History from "@gloss/core/history";
import * as Link from "@gloss/core/link";
import * as Provenance from "@gloss/core/provenance";
import * as Share from "@gloss/core/share";
import { describe, expect, it } from "vitest";

const annotation: Annotation.Annotation = {
  id: "ann_1",
  workspaceId: "ws_1",
  documentId: "doc_1",
  start: 4,
  end: 9,
  exact: "quick",
  prefix: "The ",
  suffix: " brown",
  tags: ["torture"],
  note: "",
  status: "anchored",
  textVersion: 2,
  createdBy: "usr_1",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 3,
  importedCreator: { name: "A. Coder", tool: "Hypothesis" },
};

describe("stored items", () => {
  it("reads back an annotation exactly as it was stored, keyed in text order", () => {
    const item = Annotation.toItem(annotation);
    expect(item).toMatchObject({
      pk: "WS#ws_1",
      sk: "ANN#ann_1",
      gsi1pk: "DOC#doc_1",
      type: "annotation",
      anchorsFor: 2,
    });
    expect(Annotation.fromItem(item)).toEqual(annotation);
    expect(Annotation.fromItem(item, { version: 2, change: null })).toEqual(annotation);
  });

  it("shows an annotation made for another version than the served one as an orphan", () => {
    const shown = Annotation.fromItem(Annotation.toItem(annotation), { version: 3, change: "c" });
    expect(shown.status).toBe("orphaned");
    expect(shown.exact).toBe("quick");
  });

  it("reads the defaults older items rely on and refuses an item of the wrong types", () => {
    const {
      prefix: _p,
      suffix: _s,
      note: _n,
      tags: _t,
      status: _st,
      ...old
    } = Annotation.toItem(annotation);
    expect(Annotation.fromItem(old)).toMatchObject({
      prefix: "",
      suffix: "",
      note: "",
      tags: [],
      status: "anchored",
    });
    expect(() => Annotation.fromItem({ ...old, start: "4" })).toThrow(/start is not a number/);
    expect(() => Annotation.fromItem({ ...old, status: "lost" })).toThrow(/status is not one of/);
    expect(() => Annotation.fromItem({ ...old, tags: [1] })).toThrow(/tags is not a list/);
  });

  it("reads back a link, a share link, a provenance record and a history entry", () => {
    const link: Link.StoredLink = {
      id: "lnk_1",
      fromId: "ann_1",
      toId: "ann_2",
      fromDocumentId: "doc_1",
      toDocumentId: "doc_2",
      relation: "corroborates",
      note: "",
      createdBy: "usr_1",
      createdAt: "2026-01-01T00:00:00.000Z",
    };
    const linkItem = Link.toItem("ws_1", link, 1);
    expect(linkItem).toMatchObject({ gsi1pk: "ANN#ann_1", gsi2pk: "ANN#ann_2", version: 1 });
    expect(Link.fromItem(linkItem)).toEqual(link);
    expect(() => Link.fromItem({ ...linkItem, relation: "refutes" })).toThrow(/relation/);

    const share: Share.Share = {
      id: "shr_1",
      documentId: "doc_1",
      label: "",
      includeNotes: true,
      anonymous: false,
      tags: null,
      createdBy: "usr_1",
      createdByName: "A",
      createdAt: "2026-01-01T00:00:00.000Z",
      expiresAt: "2026-02-01T00:00:00.000Z",
      views: 0,
      lastViewedAt: null,
    };
    const shareItem = Share.toItem("hash", "ws_1", share);
    expect(shareItem).toMatchObject({ pk: "SHARE#hash", expiresAt: 1769904000 });
    expect(shareItem).not.toHaveProperty("tags");
    expect(Share.fromItem(shareItem)).toEqual(share);

    const record: Provenance.ProvenanceRecord = {
      version: 1,
      textSha256: "a".repeat(64),
      textBytes: 10,
      sourceSha256: null,
      sourceBytes: null,
      sourceFileName: null,
      source: "paste",
      addedBy: "usr_1",
      addedAt: "2026-01-01T00:00:00.000Z",
      hashedAt: "2026-01-01T00:00:00.000Z",
      hashedWhen: "stored",
      capture: null,
    };
    expect(Provenance.fromItem(Provenance.toItem("ws_1", "doc_1", record))).toEqual(record);

    const entry: History.StoredEntry = {
      workspaceId: "ws_1",
      entity: "annotation:ann_1",
      kind: "annotation",
      entityId: "ann_1",
      version: 4,
      action: "update",
      cause: null,
      at: "2026-01-01T00:00:00.000Z",
      by: "usr_1",
      requestId: null,
      documentId: "doc_1",
      before: { tags: ["torture"] },
      after: { tags: [] },
      related: null,
      write: {
        op: "update",
        key: { pk: "WS#ws_1", sk: "ANN#ann_1" },
        set: { tags: [] },
        expect: 3,
      },
    };
    const entryItem = History.toItem(entry);
    expect(entryItem).toMatchObject({ type: "history", gsi1pk: "WS#ws_1#HIST#DOC#doc_1" });
    expect(History.fromItem(entryItem)).toEqual(entry);
  });
});
