import { useEffect, useRef } from "react";

/** The passage a `#ann=<id>` address points at, decoded; undefined without one. */
export function annFromHash(): string | undefined {
  const raw = /(?:^#|&)ann=([^&]+)/.exec(window.location.hash)?.[1];
  return raw ? decodeURIComponent(raw) : undefined;
}

/** The hash that deep-links to a passage. */
export const annHash = (id: string) => `#ann=${encodeURIComponent(id)}`;

/**
 * Deep links: calls `open` with the passage of `#ann=<id>` once on load and on every hash change
 * after that (the latest `open`, so it may close over current state).
 */
export function useDeepLink(open: (id: string) => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const onHash = () => {
      const id = annFromHash();
      if (id) latest.current(id);
    };
    onHash();
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
}
