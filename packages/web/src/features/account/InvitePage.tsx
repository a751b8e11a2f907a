import { useEffect, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import { refreshMe, selectWorkspace } from "../../api/workspace.ts";
import { Link, navigate } from "../../app/router.tsx";
import { Loading } from "../../components/Status.tsx";
import { acceptInvite } from "./api.ts";

/** `/invite/:token`: joins the workspace of the invitation and opens its library. */
export function InvitePage({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  // An invitation is single use: accept it once, even if the effect runs twice.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    acceptInvite(token).then(
      ({ workspaceId }) => {
        refreshMe();
        selectWorkspace(workspaceId);
        navigate("/", { replace: true });
      },
      (err: unknown) =>
        setError(
          err instanceof ApiError && err.status === 404
            ? "This invitation is not valid: it may have been used, withdrawn, or have expired. Ask for a new one."
            : describeError(err),
        ),
    );
  }, [token]);
  return (
    <div className="page">
      <h1>Invitation</h1>
      {error ? (
        <>
          <p className="error" role="alert">
            {error}
          </p>
          <p>
            <Link href="/">Back to the library</Link>
          </p>
        </>
      ) : (
        <Loading label="Joining the workspace…" />
      )}
    </div>
  );
}
