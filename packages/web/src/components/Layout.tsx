import type { ReactNode } from "react";
import { useSelectedWorkspaceId } from "../api/workspace.ts";
import { Link, usePath } from "../app/router.tsx";
import { AccountMenu } from "../features/account/AccountMenu.tsx";

/** The app bar: wordmark and the two places, the library and the codebook. */
export function TopBar({ children }: { children?: ReactNode }) {
  const path = usePath();
  return (
    <header className="topbar">
      <Link href="/" className="wordmark" aria-label="Gloss library">
        Gloss
      </Link>
      <nav aria-label="Main">
        <Link href="/" aria-current={path === "/" ? "page" : undefined}>
          Library
        </Link>
        <Link href="/findings" aria-current={path === "/findings" ? "page" : undefined}>
          Findings
        </Link>
        <Link href="/codebook" aria-current={path === "/codebook" ? "page" : undefined}>
          Codebook
        </Link>
      </nav>
      <div className="topbar-extra">{children}</div>
      <AccountMenu />
    </header>
  );
}

/** A page with the app bar above it. */
export function Layout({ children }: { children: ReactNode }) {
  // Keyed by workspace: switching it loads the page again for the chosen workspace.
  const workspace = useSelectedWorkspaceId();
  return (
    <>
      <TopBar />
      <main className="main" key={workspace ?? ""}>
        {children}
      </main>
    </>
  );
}
