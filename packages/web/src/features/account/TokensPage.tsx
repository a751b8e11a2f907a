import { useState } from "react";
import type { ApiToken } from "../../api/types.ts";
import { PageHead } from "../../components/PageHead.tsx";
import { ShownOnce, useShownOnce } from "../../components/ShownOnce.tsx";
import { ErrorMessage, LoadStatus } from "../../components/Status.tsx";
import { DangerButton, Table } from "../../components/Table.tsx";
import { useActionError } from "../../components/useActionError.ts";
import { useAsync } from "../../components/useAsync.ts";
import { type CreatedToken, createToken, listTokens, revokeToken } from "./api.ts";
import { dateTime } from "./format.ts";

/** `/tokens`: personal API tokens for scripts, created (shown once), listed and revoked. */
export function TokensPage() {
  const [state, reload] = useAsync(listTokens, []);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [created, setCreated, forget] = useShownOnce<CreatedToken>();
  const [error, run] = useActionError();

  const create = () =>
    run(async () => {
      const expiresInDays = days.trim() ? Number(days) : undefined;
      setCreated(
        await createToken({ name: name.trim(), ...(expiresInDays ? { expiresInDays } : {}) }),
      );
      setName("");
      setDays("");
      reload();
    });

  const revoke = (token: ApiToken) =>
    run(async () => {
      await revokeToken(token.id);
      forget(token.id);
      reload();
    });

  const origin = window.location.origin;
  return (
    <div className="page tokens">
      <PageHead
        title="API tokens"
        lede={
          <>
            Personal tokens let scripts (R, Python, curl) use the Gloss API as you, with your roles
            in every workspace. Send one as <code>Authorization: Bearer &lt;token&gt;</code>. Revoke
            a token you no longer use.
          </>
        }
      />
      <form
        className="card row inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label className="grow">
          Name
          <input
            required
            maxLength={100}
            placeholder="e.g. R scripts"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Expires after (days, optional)
          <input
            type="number"
            min={1}
            max={3650}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
      {created && (
        <div className="card created-token">
          <ShownOnce label={`Token “${created.name}”`} value={created.token} what="the token" />
          <p className="hint">Try it:</p>
          <pre className="code-example">
            {`curl -H "Authorization: Bearer ${created.token}" ${origin}/api/me`}
          </pre>
        </div>
      )}
      <LoadStatus state={state} label="Loading tokens…" onRetry={reload} />
      {state.status === "ready" &&
        (state.value.length === 0 ? (
          <p className="empty">No tokens yet.</p>
        ) : (
          <Table label="Tokens" columns={["Name", "Created", "Expires", "Last used"]}>
            {state.value.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{dateTime(token.createdAt)}</td>
                <td>{dateTime(token.expiresAt, "never")}</td>
                <td>{dateTime(token.lastUsedAt, "never")}</td>
                <td className="row-actions">
                  <DangerButton onClick={() => revoke(token)}>Revoke</DangerButton>
                </td>
              </tr>
            ))}
          </Table>
        ))}
    </div>
  );
}
