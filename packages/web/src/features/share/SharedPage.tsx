import { useLayoutEffect } from "react";
import { ApiError } from "../../api/client.ts";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { getShared } from "./api.ts";
import { SharedReader } from "./SharedReader.tsx";
import "./share.css";

/** Adds `<meta name content>` to the head while the page is shown. */
function useMeta(name: string, content: string) {
  useLayoutEffect(() => {
    const meta = document.createElement("meta");
    meta.name = name;
    meta.content = content;
    document.head.prepend(meta);
    return () => meta.remove();
  }, [name, content]);
}

/**
 * `/s/:token`: a shared document for someone without an account. It calls no API but
 * `/api/shared/:token` (no session, no /api/me), keeps the link out of search engines and out of
 * the Referer of links followed from it.
 */
export function SharedPage({ token }: { token: string }) {
  useMeta("referrer", "no-referrer");
  useMeta("robots", "noindex, nofollow");
  const [state, reload] = useAsync(() => getShared(token), [token]);

  if (state.status === "ready") return <SharedReader view={state.value} token={token} />;
  const invalid =
    state.status === "error" && state.error instanceof ApiError && state.error.status === 404;
  return (
    <div className="shared">
      <header className="shared-bar">
        <span className="wordmark">Gloss</span>
      </header>
      <main className="main">
        <div className="page">
          {state.status === "loading" && <Loading label="Opening the shared document…" />}
          {invalid && (
            <div className="link-invalid" role="alert">
              <h1>This link is no longer valid</h1>
              <p>
                It may have been revoked or have expired, or it was mistyped. Ask the person who
                shared it for a new link.
              </p>
            </div>
          )}
          {state.status === "error" && !invalid && (
            <ErrorMessage error={state.error} onRetry={reload} />
          )}
        </div>
      </main>
    </div>
  );
}
