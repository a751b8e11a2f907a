import { useRef, useState } from "react";
import { createPortal } from "react-dom";
import { describeError } from "../../api/client.ts";
import { refreshMe, selectWorkspace, useMe, useSelectedWorkspaceId } from "../../api/workspace.ts";
import { Link, navigate, usePath } from "../../app/router.tsx";
import { useAuth } from "./AuthGate.tsx";
import { NewWorkspaceDialog } from "./NewWorkspaceDialog.tsx";

const NEW = "__new__";

/** The app bar's right end: the workspace switcher and the account menu. */
export function AccountMenu() {
  const path = usePath();
  const selected = useSelectedWorkspaceId();
  const me = useMe();
  const { mode, signOut } = useAuth();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);

  if (me.status !== "success") return null;
  const { user, workspaces } = me.data;
  const current = workspaces.find((w) => w.id === selected) ?? workspaces[0];

  function choose(id: string) {
    if (id === NEW) {
      setCreating(true);
      return;
    }
    selectWorkspace(id);
    // A document belongs to one workspace: the reader of another one has nothing to show.
    if (!/^\/(codebook|members|tokens|shares|findings)$/.test(path)) navigate("/");
  }

  const close = () => menu.current?.removeAttribute("open");
  return (
    <div className="account">
      <label className="workspace-switcher">
        <span className="visually-hidden">Workspace</span>
        <select value={current?.id ?? ""} onChange={(e) => choose(e.target.value)}>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} ({w.role})
            </option>
          ))}
          <option value={NEW}>New workspace…</option>
        </select>
      </label>
      <details className="account-menu" ref={menu}>
        <summary>{user.name}</summary>
        <div className="account-menu-items" role="menu">
          <Link href="/members" role="menuitem" onClick={close}>
            Members
          </Link>
          {current?.role === "owner" && (
            <Link href="/shares" role="menuitem" onClick={close}>
              Shared links
            </Link>
          )}
          <Link href="/tokens" role="menuitem" onClick={close}>
            API tokens
          </Link>
          {mode === "required" && (
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                signOut().catch((e: unknown) => setError(describeError(e)));
              }}
            >
              Sign out
            </button>
          )}
          {error && <p className="error">{error}</p>}
        </div>
      </details>
      {creating &&
        createPortal(
          <NewWorkspaceDialog
            onClose={(created) => {
              setCreating(false);
              if (!created) return;
              refreshMe();
              selectWorkspace(created.id);
              navigate("/");
            }}
          />,
          document.body,
        )}
    </div>
  );
}
