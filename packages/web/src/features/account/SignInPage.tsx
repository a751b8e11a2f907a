import { loginUrl } from "./api.ts";

const REASONS = {
  expired: "Your session has ended. Sign in again to continue.",
  "signed-out": "You have signed out.",
};

/** The sign-in screen: the server's own pages ask for the email and the code, then come back. */
export function SignInPage({ reason }: { reason: keyof typeof REASONS | null }) {
  const here = window.location.pathname + window.location.search + window.location.hash;
  return (
    <main className="signin">
      <div className="signin-card">
        <h1 className="wordmark-large">Gloss</h1>
        {reason && (
          <p className="signin-reason" role="status">
            {REASONS[reason]}
          </p>
        )}
        <p>Sign in to read, annotate and share your workspace’s documents.</p>
        <button
          type="button"
          className="primary"
          onClick={() => window.location.assign(loginUrl(here))}
        >
          Sign in with email
        </button>
        <p className="hint">We send a one-time code to your email address; no password needed.</p>
      </div>
    </main>
  );
}
