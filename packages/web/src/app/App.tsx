import { Layout } from "../components/Layout.tsx";
import { AuthGate } from "../features/account/AuthGate.tsx";
import { InvitePage } from "../features/account/InvitePage.tsx";
import { MembersPage } from "../features/account/MembersPage.tsx";
import { TokensPage } from "../features/account/TokensPage.tsx";
import { CodebookPage } from "../features/codebook/CodebookPage.tsx";
import { FindingsPage } from "../features/findings/FindingsPage.tsx";
import { LibraryPage } from "../features/library/LibraryPage.tsx";
import { SendPage } from "../features/provenance/SendPage.tsx";
import { VerifyPage } from "../features/provenance/VerifyPage.tsx";
import { ReaderPage } from "../features/reader/ReaderPage.tsx";
import { RoundPage, RoundsPage } from "../features/rounds/RoundsPage.tsx";
import { SearchPage } from "../features/search/SearchPage.tsx";
import { SharedPage } from "../features/share/SharedPage.tsx";
import { SharesPage } from "../features/share/SharesPage.tsx";
import { Link, match, usePath } from "./router.tsx";

/**
 * Routes: `/` library, `/w/:ws/d/:docId` reader (old `/d/:docId` links still open), `/findings`,
 * `/codebook`, `/s/:token` shared.
 */
export function App() {
  const path = usePath();
  // A share link is for people without an account: no sign-in, no other API call.
  const shared = match("/s/:token", path);
  if (shared) return <SharedPage key={shared.token} token={shared.token!} />;
  return (
    <AuthGate>
      <AppRoutes path={path} />
    </AuthGate>
  );
}

/** The signed-in app; also `/members`, `/tokens`, `/shares` and `/invite/:token`. */
function AppRoutes({ path }: { path: string }) {
  const reader = match("/w/:ws/d/:docId", path) ?? match("/d/:docId", path);
  if (reader) {
    return <ReaderPage key={reader.docId} ws={reader.ws ?? null} docId={reader.docId!} />;
  }
  if (path === "/" || path === "") {
    return (
      <Layout>
        <LibraryPage />
      </Layout>
    );
  }
  if (match("/findings", path)) {
    return (
      <Layout>
        <FindingsPage />
      </Layout>
    );
  }
  if (match("/codebook", path)) {
    return (
      <Layout>
        <CodebookPage />
      </Layout>
    );
  }
  if (match("/search", path)) {
    return (
      <Layout>
        <SearchPage />
      </Layout>
    );
  }
  const round = match("/rounds/:roundId", path);
  if (round || match("/rounds", path)) {
    return (
      <Layout>
        {round ? <RoundPage key={round.roundId} roundId={round.roundId!} /> : <RoundsPage />}
      </Layout>
    );
  }
  const invite = match("/invite/:token", path);
  if (invite) {
    return (
      <Layout>
        <InvitePage key={invite.token} token={invite.token!} />
      </Layout>
    );
  }
  const account = match("/members", path) ? (
    <MembersPage />
  ) : match("/tokens", path) ? (
    <TokensPage />
  ) : match("/shares", path) ? (
    <SharesPage />
  ) : match("/verify", path) ? (
    <VerifyPage />
  ) : match("/send", path) ? (
    <SendPage />
  ) : null;
  if (account) return <Layout>{account}</Layout>;
  return (
    <Layout>
      <div className="page">
        <h1>Not found</h1>
        <p>
          There is nothing at this address. <Link href="/">Back to the library</Link>.
        </p>
      </div>
    </Layout>
  );
}
