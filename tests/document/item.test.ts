import { fromItem, toItem } from "@gloss/core/document";
import { describe, expect, it } from "vitest";

const NOW = new Date("2025-03-01T09:00:00Z");

const fields = {
  id: "doc_1",
  workspaceId: "ws_1",
  title: "Interview 3",
  status: "ready" as const,
  textLength: 120,
  textVersion: 2,
  textKey: "workspaces/ws_1/documents/doc_1/v2/text.txt",
  contentType: "text/plain; charset=utf-8",
  createdBy: "usr_1",
  createdAt: "2025-02-01T00:00:00Z",
  updatedAt: "2025-02-02T00:00:00Z",
  version: 3,
  annotationCount: 4,
  tagCounts: { "forced-labour": 3, torture: 0 },
};

describe("the document item", () => {
  it("reads back what it writes, with absent fields as null and zero counters left out", () => {
    const item = toItem({ ...fields, sourceUrl: null, author: "HRW", pageCount: 0 });
    expect(item).toMatchObject({ pk: "WS#ws_1", sk: "DOC#doc_1", type: "document" });
    expect(item.sourceUrl).toBeUndefined();
    expect(item.pageCount).toBeUndefined();
    expect(fromItem(item, NOW)).toEqual({
      id: "doc_1",
      workspaceId: "ws_1",
      title: "Interview 3",
      sourceUrl: null,
      publishedAt: null,
      author: "HRW",
      status: "ready",
      failureReason: null,
      textLength: 120,
      textVersion: 2,
      pageCount: null,
      language: null,
      languageSource: null,
      fileName: null,
      contentType: "text/plain; charset=utf-8",
      upload: null,
      pendingVersion: null,
      createdBy: "usr_1",
      createdAt: "2025-02-01T00:00:00Z",
      updatedAt: "2025-02-02T00:00:00Z",
      version: 3,
      annotationCount: 4,
      tagCounts: { "forced-labour": 3 },
      attributes: {},
    });
  });

  it("shows a version change only while its lease runs", () => {
    const item = { ...toItem(fields), pendingVersion: 3, pendingChange: "chg_1" };
    const since = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
    expect(fromItem({ ...item, pendingSince: since(1).toISOString() }, NOW).pendingVersion).toBe(3);
    expect(fromItem({ ...item, pendingSince: since(7).toISOString() }, NOW).pendingVersion).toBe(
      null,
    );
  });

  it("keeps attribute values of the stored types and the awaited upload without its key", () => {
    const item = {
      ...toItem({ ...fields, status: "pending" }),
      attributes: { country: "Thailand", year: 2024, sensitive: true, tags: ["a"], bad: { x: 1 } },
      upload: {
        version: 1,
        key: "workspaces/ws_1/documents/doc_1/v1/original/a.pdf",
        fileName: "a.pdf",
        size: 10,
        contentType: "application/pdf",
        status: "failed",
        failureReason: "no text layer",
        expiresAt: "2025-03-01T10:00:00Z",
        titleGiven: false,
      },
    };
    const document = fromItem(item, NOW);
    expect(document.attributes).toEqual({
      country: "Thailand",
      year: 2024,
      sensitive: true,
      tags: ["a"],
    });
    expect(document.upload).toEqual({
      version: 1,
      fileName: "a.pdf",
      size: 10,
      status: "failed",
      failureReason: "no text layer",
      expiresAt: "2025-03-01T10:00:00Z",
    });
  });

  it("refuses an item that is not a document rather than inventing its fields", () => {
    const { title: _title, ...untitled } = toItem(fields);
    expect(() => fromItem(untitled, NOW)).toThrow(/doc_1: title/);
    expect(() => fromItem({ ...toItem(fields), status: "archived" }, NOW)).toThrow(/status/);
  });
});
