import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  // The app router's own navigation event (router.tsx's navigate()).
  window.addEventListener("gloss:navigate", onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener("gloss:navigate", onChange);
  };
}

/** The address's query string (`?q=…`), re-rendering when it changes. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}
