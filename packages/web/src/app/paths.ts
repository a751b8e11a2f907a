import { lastWorkspaceId } from "../api/workspace.ts";

/**
 * The reader's address of a document: `/w/:ws/d/:docId`. The workspace is part of it, so a link
 * opens in the right workspace whichever one the reader has chosen meanwhile. Without a known
 * workspace it is `/d/:docId`, which the reader resolves by looking the document up.
 */
export function readerPath(docId: string, ws: string | null = lastWorkspaceId()): string {
  const doc = `/d/${encodeURIComponent(docId)}`;
  return ws ? `/w/${encodeURIComponent(ws)}${doc}` : doc;
}

/** The reader's address of a passage: the document's, with `#ann=<id>`. */
export function passagePath(
  docId: string,
  annotationId: string,
  ws: string | null = lastWorkspaceId(),
): string {
  return `${readerPath(docId, ws)}#ann=${encodeURIComponent(annotationId)}`;
}
