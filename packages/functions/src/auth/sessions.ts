import type { Client } from "@openauthjs/openauth/client";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { CLIENT_ID, subjects } from "./subjects.ts";

export interface SessionTokens {
  access: string;
  refresh: string;
}

/** The API's side of browser sign-in: send people to the issuer, trade codes, check cookies. */
export interface Sessions {
  /** Where to send the browser to sign in. */
  authorizeUrl(redirectUri: string, state: string): Promise<string>;
  /** Trades an authorisation code for tokens. */
  exchange(code: string, redirectUri: string): Promise<SessionTokens | null>;
  /** The user of a session; refreshes an expired access token when the refresh token allows. */
  verify(tokens: Partial<SessionTokens>): Promise<{
    userId: string;
    email: string;
    /** The session the tokens belong to; the caller checks it is still alive. */
    sessionId: string;
    refreshed?: SessionTokens;
  } | null>;
  /** Ends a session: its refresh token stops working at once. */
  revoke(refresh: string): Promise<void>;
}

/**
 * Sessions against an OpenAuth issuer at `issuerUrl`. `fetch` lets tests and the local runtime
 * reach an issuer in the same process without a network round trip.
 */
export function createSessions(options: {
  issuerUrl: string;
  /** The issuer's storage, to delete refresh tokens on sign-out. */
  storage: StorageAdapter;
  fetch?: typeof fetch;
}): Sessions {
  // The OpenAuth client (and jose under it) loads on the first cookie session, not at cold start:
  // requests with a personal API token never need it (bench/README.md, "Lambda").
  let loaded: Promise<Client> | undefined;
  const openClient = () =>
    (loaded ??= import("@openauthjs/openauth/client").then(({ createClient }) =>
      createClient({
        clientID: CLIENT_ID,
        issuer: options.issuerUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ));
  return {
    async authorizeUrl(redirectUri, state) {
      const client = await openClient();
      const { url } = await client.authorize(redirectUri, "code", { provider: "email" });
      const withState = new URL(url);
      withState.searchParams.set("state", state);
      // The browser reaches the issuer on the app's own origin (the Router sends the issuer's
      // paths to it); only the server talks to `issuerUrl` directly.
      return `${withState.pathname}${withState.search}`;
    },
    async exchange(code, redirectUri) {
      const client = await openClient();
      const result = await client.exchange(code, redirectUri);
      if (result.err) return null;
      return { access: result.tokens.access, refresh: result.tokens.refresh };
    },
    async revoke(refresh) {
      // A refresh token is "<subject>:<secret>", and the subject itself contains a colon.
      const split = refresh.lastIndexOf(":");
      if (split <= 0) return;
      await options.storage.remove([
        "oauth:refresh",
        refresh.slice(0, split),
        refresh.slice(split + 1),
      ]);
    },
    async verify(tokens) {
      if (!tokens.access && !tokens.refresh) return null;
      const client = await openClient();
      // An absent access cookie (expired and dropped by the browser) still refreshes.
      const verified = await client.verify(subjects, tokens.access ?? "expired", {
        ...(tokens.refresh ? { refresh: tokens.refresh } : {}),
      });
      if (verified.err) {
        if (!tokens.refresh) return null;
        const refreshed = await client.refresh(tokens.refresh);
        if (refreshed.err || !refreshed.tokens) return null;
        const again = await client.verify(subjects, refreshed.tokens.access);
        if (again.err) return null;
        return {
          userId: again.subject.properties.id,
          email: again.subject.properties.email,
          sessionId: again.subject.properties.sid,
          refreshed: { access: refreshed.tokens.access, refresh: refreshed.tokens.refresh },
        };
      }
      return {
        userId: verified.subject.properties.id,
        email: verified.subject.properties.email,
        sessionId: verified.subject.properties.sid,
        ...(verified.tokens
          ? { refreshed: { access: verified.tokens.access, refresh: verified.tokens.refresh } }
          : {}),
      };
    },
  };
}
