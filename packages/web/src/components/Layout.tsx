import { type ReactNode, useState } from "react";
import { useSelectedWorkspaceId } from "../api/workspace.ts";
import { Link, usePath } from "../app/router.tsx";
import { AccountMenu } from "../features/account/AccountMenu.tsx";
import { SearchField } from "../features/search/SearchField.tsx";

/**
 * The app bar: wordmark, the places (library, findings, codebook), the page's own actions and the
 * account. On narrow screens everything after the wordmark folds into a menu behind one button.
 */
export function TopBar({ children }: { children?: ReactNode }) {
  const path = usePath();
  // Open on the page it was opened on: a new page starts with the menu folded.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <header className={open ? "topbar menu-open" : "topbar"}>
      <Link href="/" className="wordmark" aria-label="Gloss library">
        Gloss
      </Link>
      <button
        type="button"
        className="quiet menu-toggle"
        aria-expanded={open}
        aria-controls="topbar-menu"
        onClick={() => setOpenOn(open ? null : path)}
      >
        Menu
      </button>
      <div className="topbar-menu" id="topbar-menu">
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
          <Link href="/rounds" aria-current={path.startsWith("/rounds") ? "page" : undefined}>
            Rounds
          </Link>
        </nav>
        <SearchField />
        <div className="topbar-extra">{children}</div>
        <AccountMenu />
      </div>
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
