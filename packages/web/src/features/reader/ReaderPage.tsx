import { ApiError } from "../../api/client.ts";
import type { Annotation, Document, Tag } from "../../api/types.ts";
import { currentWorkspace, getMe, type Me } from "../../api/workspace.ts";
import { TopBar } from "../../components/Layout.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { listTags } from "../codebook/api.ts";
import { getDocument, getText } from "../library/api.ts";
import { listAnnotations } from "./api.ts";
import { Reader } from "./Reader.tsx";

export interface ReaderData {
  ws: string;
  me: Me;
  document: Document;
  text: string;
  tags: Tag[];
  annotations: Annotation[];
}

/** `/d/:docId`: loads the document, its text, codebook and annotations, then shows the reader. */
export function ReaderPage({ docId }: { docId: string }) {
  const [state, reload] = useAsync(async (): Promise<ReaderData> => {
    const [ws, me] = await Promise.all([currentWorkspace(), getMe()]);
    const [document, text, tags, annotations] = await Promise.all([
      getDocument(ws.id, docId),
      getText(ws.id, docId),
      listTags(ws.id),
      listAnnotations(ws.id, docId),
    ]);
    performance.mark("gloss:annotations-loaded");
    return { ws: ws.id, me, document, text, tags, annotations };
  }, [docId]);

  if (state.status === "ready") return <Reader data={state.value} />;
  return (
    <>
      <TopBar />
      <main className="main">
        <div className="page">
          {state.status === "loading" && <Loading label="Opening the document…" />}
          {state.status === "error" &&
            (state.error instanceof ApiError && state.error.status === 404 ? (
              <ErrorMessage error="This document does not exist, or it was deleted." />
            ) : (
              <ErrorMessage error={state.error} onRetry={reload} />
            ))}
        </div>
      </main>
    </>
  );
}
