import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { UNAUTHENTICATED } from "../../api/client.ts";
import { refreshMe } from "../../api/workspace.ts";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { type AuthConfig, getAuthConfig, logout } from "./api.ts";
import { SignInPage } from "./SignInPage.tsx";
import "./account.css";

interface Auth {
  mode: AuthConfig["mode"];
  /** Ends the session and shows the sign-in screen. */
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth>({ mode: "local", signOut: async () => {} });

/** How this Gloss signs people in, and the sign-out action (only when sign-in is required). */
export function useAuth(): Auth {
  return useContext(AuthContext);
}

/**
 * Asks the server whether sign-in is required. When it is and this browser has no session, or
 * any API call answers 401 later, shows the sign-in screen instead of `children`.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [state, reload] = useAsync(getAuthConfig, []);
  const [signedOut, setSignedOut] = useState<"expired" | "signed-out" | null>(null);

  useEffect(() => {
    const onUnauthenticated = () => setSignedOut((s) => s ?? "expired");
    window.addEventListener(UNAUTHENTICATED, onUnauthenticated);
    return () => window.removeEventListener(UNAUTHENTICATED, onUnauthenticated);
  }, []);

  if (state.status === "loading") return <Loading label="Opening Gloss…" />;
  if (state.status === "error") {
    return (
      <main className="main">
        <ErrorMessage error={state.error} onRetry={reload} />
      </main>
    );
  }
  const { mode, signedIn } = state.value;
  if (mode === "required" && (!signedIn || signedOut)) {
    return <SignInPage reason={signedIn ? signedOut : null} />;
  }
  const auth: Auth = {
    mode,
    signOut: async () => {
      await logout();
      refreshMe();
      setSignedOut("signed-out");
    },
  };
  return <AuthContext value={auth}>{children}</AuthContext>;
}
