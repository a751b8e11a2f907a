/**
 * The documents an import places passages on: a target IRI resolved to candidate documents (a
 * Gloss document URL, or the web page a document was captured from), each read once with its text
 * and the annotations it already has. Contract: one resolver per import run; a document that
 * cannot take passages now is a reason string (`document.not_ready`, …), never a throw, except
 * when storage is unavailable.
 */
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { CodePointIndex } from "./offsets.ts";

/** A URL as documents are matched by it: no fragment, lower-case host, no trailing slash. */
function normaliseUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    parsed.hash = "";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return null;
  }
}

/** A refusal as the reason an import reports; a storage outage is thrown, not reported. */
export const reasonOf = (error: unknown): string => {
  if (error instanceof GlossError && error.kind !== "unavailable") return error.code;
  throw error;
};

/** Every annotation of a document, keyed by what makes two annotations the same. */
async function existingOf(
  ctx: Context,
  workspaceId: string,
  documentId: string,
): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  for (const a of await Annotation.listAllByDocument(ctx, workspaceId, documentId)) {
    existing.set(sameKey(a.start, a.end, a.tags, a.note), a.id);
  }
  return existing;
}

/** What makes two annotations the same for an import: place, codes (any order) and note. */
export const sameKey = (start: number, end: number, tags: string[], note: string) =>
  JSON.stringify([start, end, [...tags].sort(), note]);

/** A document an import places passages on, read once. */
export interface Target {
  documentId: string;
  textVersion: number;
  index: CodePointIndex;
  existing: Map<string, string>;
}

export interface TargetResolver {
  /** The documents captured from the page at `url` (none when it is not an http(s) URL). */
  documentsAt(url: string): Promise<string[]>;
  /** The document read for placing passages, or why it cannot take them now. */
  targetOf(documentId: string): Promise<Target | string>;
}

export function targetResolver(ctx: Context, workspaceId: string): TargetResolver {
  // Documents by the page they were captured from, read only when a target names a web page.
  let bySourceUrl: Promise<Map<string, string[]>> | null = null;
  const documentsAt = async (url: string): Promise<string[]> => {
    bySourceUrl ??= (async () => {
      const map = new Map<string, string[]>();
      let cursor: string | undefined;
      do {
        const page = await Document.list(ctx, workspaceId, { limit: 100, cursor });
        for (const d of page.items) {
          const key = d.sourceUrl ? normaliseUrl(d.sourceUrl) : null;
          if (key) map.set(key, [...(map.get(key) ?? []), d.id]);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return map;
    })();
    const key = normaliseUrl(url);
    return key ? ((await bySourceUrl).get(key) ?? []) : [];
  };
  const targets = new Map<string, Promise<Target | string>>();
  const targetOf = (documentId: string) => {
    let target = targets.get(documentId);
    if (!target) {
      target = (async () => {
        const document = await Document.get(ctx, workspaceId, documentId).catch(reasonOf);
        if (typeof document === "string") return document;
        if (document.status !== "ready") return "document.not_ready";
        // Its passages are being moved to a new text; one written on the old text would be left behind.
        if (document.pendingVersion !== null) return "document.version_in_progress";
        const text = await Document.getText(ctx, workspaceId, documentId, document.textVersion);
        return {
          documentId,
          textVersion: document.textVersion,
          index: new CodePointIndex(text),
          existing: await existingOf(ctx, workspaceId, documentId),
        };
      })();
      targets.set(documentId, target);
    }
    return target;
  };
  return { documentsAt, targetOf };
}
