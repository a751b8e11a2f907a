import { useEffect, useRef, useState } from "react";
import { currentWorkspace } from "../../api/workspace.ts";
import { readerPath } from "../../app/paths.ts";
import { navigate } from "../../app/router.tsx";
import { sendPage } from "./api.ts";
import "./provenance.css";

interface SentPage {
  url: string;
  html: string;
  title: string;
}

/**
 * The bookmarklet, run on the researcher's page: opens this page on Gloss's origin, waits for it
 * to say it is ready, then posts the rendered HTML and URL to that window, addressed to Gloss's
 * origin only. The page never sees a Gloss credential: it only ever holds a window handle, and
 * Gloss answers nothing but "ready".
 */
export function bookmarklet(origin: string): string {
  const o = JSON.stringify(origin);
  return `javascript:(()=>{const o=${o};const w=window.open(o+"/send","gloss-send");const h=(e)=>{if(e.origin===o&&e.source===w&&e.data==="gloss:ready"){removeEventListener("message",h);w.postMessage({type:"gloss:page",url:location.href,title:document.title,html:document.documentElement.outerHTML},o);}};addEventListener("message",h);})();`;
}

/** What a message must be to count as a page sent by the bookmarklet. */
function pageOf(event: MessageEvent): SentPage | null {
  const data = event.data as Partial<SentPage> & { type?: string };
  if (data?.type !== "gloss:page") return null;
  if (typeof data.url !== "string" || typeof data.html !== "string") return null;
  let url: URL;
  try {
    url = new URL(data.url);
  } catch {
    return null;
  }
  // A page may only send itself: the URL it claims must be on the origin that sent it.
  if (url.origin !== event.origin) return null;
  return {
    url: data.url,
    html: data.html,
    title: typeof data.title === "string" ? data.title : "",
  };
}

/**
 * `/send`: receives a page from the bookmarklet (only from the window that opened it) and keeps
 * it in Gloss once the researcher confirms. The upload is this page's own, same-origin request.
 */
export function SendPage() {
  const [page, setPage] = useState<SentPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // React replaces a `javascript:` href with one that throws (a guard against injected links),
  // so the bookmarklet's own code is set on the element directly; it is built here, not from
  // user input.
  const bookmarkletLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    bookmarkletLink.current?.setAttribute("href", bookmarklet(window.location.origin));
  });
  useEffect(() => {
    const opener = window.opener as Window | null;
    const onMessage = (event: MessageEvent) => {
      if (!opener || event.source !== opener) return;
      const sent = pageOf(event);
      if (sent) setPage(sent);
      else setError("The page sent something Gloss cannot keep (its address must be its own).");
    };
    window.addEventListener("message", onMessage);
    // "ready" carries nothing: any page may learn that a Gloss window is open.
    opener?.postMessage("gloss:ready", "*");
    return () => window.removeEventListener("message", onMessage);
  }, []);

  async function keep() {
    if (!page) return;
    setBusy(true);
    setError(null);
    try {
      const ws = await currentWorkspace();
      const document = await sendPage(ws.id, {
        url: page.url,
        html: page.html,
        ...(page.title ? { title: page.title.slice(0, 300) } : {}),
      });
      navigate(readerPath(document.id, ws.id));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page send-page">
      <h1>Send to Gloss</h1>
      {page ? (
        <div role="status">
          <p>
            Keep <strong dir="auto">{page.title || page.url}</strong> (
            <span dir="ltr">{page.url}</span>, {Math.ceil(page.html.length / 1024)} KB) as a new
            document? Its HTML is kept as the original, with its address, the time and its hashes.
          </p>
          <button type="button" className="primary" onClick={keep} disabled={busy}>
            {busy ? "Keeping…" : "Keep in Gloss"}
          </button>
        </div>
      ) : (
        <>
          <p>
            For pages behind a login or a paywall: drag this link to your bookmarks bar, then click
            it on the page you are reading. The page hands its HTML to this Gloss window; it never
            gets access to your Gloss account.
          </p>
          <p>
            <a className="bookmarklet" ref={bookmarkletLink} href="#send">
              Send to Gloss
            </a>
          </p>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
