import { all } from "../../api/client.ts";
import type { Document, Share } from "../../api/types.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { readerPath } from "../../app/paths.ts";
import { Link } from "../../app/router.tsx";
import { PageHead } from "../../components/PageHead.tsx";
import { ErrorMessage, LoadStatus } from "../../components/Status.tsx";
import { Table } from "../../components/Table.tsx";
import { useActionError } from "../../components/useActionError.ts";
import { useAsync } from "../../components/useAsync.ts";
import { dateTime } from "../account/format.ts";
import { listWorkspaceShares, revokeShare } from "./api.ts";
import { ShareUseCells } from "./ShareUseCells.tsx";
import "./share.css";

/** `/shares`: every share link of the workspace in one place, to review and revoke (owners). */
export function SharesPage() {
  const [state, reload] = useAsync(async () => {
    const ws = await currentWorkspace();
    if (ws.role !== "owner") return { ws, shares: null, titles: new Map<string, string>() };
    const [shares, documents] = await Promise.all([
      listWorkspaceShares(ws.id),
      all<Document>(`/workspaces/${encodeURIComponent(ws.id)}/documents`),
    ]);
    return { ws, shares, titles: new Map(documents.map((d) => [d.id, d.title])) };
  }, []);
  const [error, run] = useActionError();

  async function revoke(share: Share) {
    if (state.status !== "ready") return;
    const ws = state.value.ws.id;
    await run(async () => {
      await revokeShare(ws, share.id);
      reload();
    });
  }

  return (
    <div className="page shares">
      <PageHead
        title="Shared links"
        lede={
          <>
            Read-only links to documents of this workspace. Anyone holding a link can read the
            document until it expires or you revoke it.
          </>
        }
      />
      {error && <ErrorMessage error={error} />}
      <LoadStatus state={state} label="Loading links…" onRetry={reload} />
      {state.status === "ready" && state.value.shares === null && (
        <p className="empty">
          Only owners of “{state.value.ws.name}” see all its links. You can see and revoke the links
          of a document from its Share button.
        </p>
      )}
      {state.status === "ready" && state.value.shares?.length === 0 && (
        <p className="empty">No document of this workspace is shared.</p>
      )}
      {state.status === "ready" && state.value.shares && state.value.shares.length > 0 && (
        <Table
          label="Shared links"
          columns={["Document", "Label", "Created", "Expires", "Views", "Last viewed"]}
        >
          {state.value.shares.map((share) => (
            <tr key={share.id} data-share={share.id}>
              <td>
                <Link href={readerPath(share.documentId)}>
                  {state.value.titles.get(share.documentId) ?? share.documentId}
                </Link>
              </td>
              <td>
                {share.label || <span className="hint">no label</span>}
                <div className="hint">
                  by {share.createdByName} · {share.includeNotes ? "with notes" : "without notes"}
                  {share.tags &&
                    ` · ${share.tags.length} code${share.tags.length === 1 ? "" : "s"}`}
                </div>
              </td>
              <td>{dateTime(share.createdAt)}</td>
              <ShareUseCells share={share} onRevoke={() => revoke(share)} />
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
