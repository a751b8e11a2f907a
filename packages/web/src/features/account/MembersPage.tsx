import { useState } from "react";
import type { Invite, Member, Role } from "../../api/types.ts";
import { currentWorkspace, getMe, refreshMe } from "../../api/workspace.ts";
import { navigate } from "../../app/router.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { PageHead } from "../../components/PageHead.tsx";
import { ShownOnce, useShownOnce } from "../../components/ShownOnce.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { DangerButton, Table } from "../../components/Table.tsx";
import { useActionError } from "../../components/useActionError.ts";
import { useAsync } from "../../components/useAsync.ts";
import {
  type CreatedInvite,
  changeRole,
  createInvite,
  listInvites,
  listMembers,
  removeMember,
  withdrawInvite,
} from "./api.ts";
import { dateTime, isPast } from "./format.ts";

const ROLES: Role[] = ["owner", "editor", "viewer"];
const ROLE_HELP: Record<Role, string> = {
  owner: "manages members, shares and the codebook",
  editor: "adds documents, annotations and links",
  viewer: "reads and exports",
};

/** `/members`: who is in the workspace, their roles, and invitations (owners manage them). */
export function MembersPage() {
  const [state, reload] = useAsync(async () => {
    const [ws, me] = await Promise.all([currentWorkspace(), getMe()]);
    const owner = ws.role === "owner";
    const [members, invites] = await Promise.all([
      listMembers(ws.id),
      owner ? listInvites(ws.id) : Promise.resolve(null),
    ]);
    return { ws, me, owner, members, invites };
  }, []);
  const [error, run] = useActionError();
  const [removing, setRemoving] = useState<Member | null>(null);

  if (state.status === "loading") return <Loading label="Loading members…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  const { ws, me, owner, members, invites } = state.value;
  const self = me.user.id;

  const act = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      reload();
    });

  async function confirmRemove(choice: string | null) {
    const member = removing;
    setRemoving(null);
    if (!choice || !member) return;
    await run(async () => {
      await removeMember(ws.id, member.userId);
      if (member.userId === self) {
        // Left: back to the library of another workspace.
        refreshMe();
        navigate("/");
      } else reload();
    });
  }

  return (
    <div className="page members">
      <PageHead
        title="Members"
        lede={
          <>
            People in <strong>{ws.name}</strong>. Owners manage members, shares and the codebook;
            editors add documents and annotations; viewers read and export.
          </>
        }
      />
      {error && <ErrorMessage error={error} />}
      <Table label="Members" columns={["Name", "Email", "Role", "Joined"]}>
        {members.map((m) => (
          <tr key={m.userId} data-user={m.userId}>
            <td>
              {m.name}
              {m.userId === self && <span className="hint"> (you)</span>}
            </td>
            <td>{m.email ?? "—"}</td>
            <td>
              {owner ? (
                <select
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  onChange={(e) => act(() => changeRole(ws.id, m.userId, e.target.value as Role))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              ) : (
                m.role
              )}
            </td>
            <td>{dateTime(m.joinedAt)}</td>
            <td className="row-actions">
              {m.userId === self ? (
                <button type="button" className="quiet" onClick={() => setRemoving(m)}>
                  Leave workspace
                </button>
              ) : (
                owner && <DangerButton onClick={() => setRemoving(m)}>Remove</DangerButton>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {invites && <Invitations ws={ws.id} invites={invites} onChange={reload} />}
      {removing && (
        <ConfirmDialog
          title={removing.userId === self ? "Leave this workspace?" : "Remove this member?"}
          choices={[
            {
              label: removing.userId === self ? "Leave workspace" : "Remove member",
              value: "remove",
              danger: true,
            },
          ]}
          onClose={confirmRemove}
        >
          <p>
            {removing.userId === self
              ? `You will lose access to “${ws.name}” until someone invites you again.`
              : `${removing.name} will lose access to “${ws.name}”. Their annotations stay.`}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Owners: invitation links (single use, expiring), created, listed and withdrawn. */
function Invitations({
  ws,
  invites,
  onChange,
}: {
  ws: string;
  invites: Invite[];
  onChange: () => void;
}) {
  const [role, setRole] = useState<Role>("editor");
  const [days, setDays] = useState(7);
  const [created, setCreated, forget] = useShownOnce<CreatedInvite>();
  const [error, run] = useActionError();

  const create = () =>
    run(async () => {
      setCreated(await createInvite(ws, { role, expiresInDays: days }));
      onChange();
    });

  const withdraw = (invite: Invite) =>
    run(async () => {
      await withdrawInvite(ws, invite.id);
      forget(invite.id);
      onChange();
    });

  return (
    <section className="invites" aria-labelledby="invites-title">
      <h2 id="invites-title">Invitations</h2>
      <form
        className="card row inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          Role
          <select
            aria-label="Role of the invited person"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_HELP[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expires after (days)
          <input
            type="number"
            min={1}
            max={30}
            required
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          />
        </label>
        <button type="submit" className="primary">
          Create invite link
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
      {created && (
        <ShownOnce
          label={`Invitation link (${created.role}, single use)`}
          value={`${window.location.origin}/invite/${created.token}`}
          what="the invitation link"
        />
      )}
      {invites.length === 0 ? (
        <p className="empty">No invitations yet.</p>
      ) : (
        <Table label="Invitations" columns={["Role", "Created", "Expires", "Status"]}>
          {invites.map((invite) => {
            const open = !invite.usedBy && !isPast(invite.expiresAt);
            return (
              <tr key={invite.id}>
                <td>{invite.role}</td>
                <td>{dateTime(invite.createdAt)}</td>
                <td>{dateTime(invite.expiresAt)}</td>
                <td>{invite.usedBy ? "Accepted" : open ? "Open" : "Expired"}</td>
                <td className="row-actions">
                  {open && <DangerButton onClick={() => withdraw(invite)}>Withdraw</DangerButton>}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
