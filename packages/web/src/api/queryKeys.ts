/**
 * Every query key, so that a write can name what it changes: server state is keyed by workspace
 * and then by document or annotation, and a prefix (`workspace(ws)`) names all of a workspace.
 */
export const queryKeys = {
  me: ["me"] as const,
  workspace: (ws: string) => ["workspace", ws] as const,
  document: (ws: string, docId: string) => ["workspace", ws, "document", docId] as const,
  /** What the reader opens with: the document, its text, codebook, pages and members. */
  reader: (ws: string | null, docId: string) =>
    ["reader", ws ?? "(chosen workspace)", "document", docId] as const,
  annotations: (ws: string, docId: string) =>
    ["workspace", ws, "document", docId, "annotations"] as const,
  links: (ws: string, annotationId: string) =>
    ["workspace", ws, "annotation", annotationId, "links"] as const,
};
