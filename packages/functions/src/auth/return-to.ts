/**
 * Where sign-in may send the browser back to: a path on this site, never another origin.
 *
 * Browsers are lenient about what follows a redirect: they strip tabs and newlines, read `\` as
 * `/`, and follow `//host` to another site, so `/\t/evil.example` or `/\evil.example` leave the
 * site. Anything that could be read that way is refused rather than repaired: control characters,
 * backslashes, a leading `//`, and percent-encoded slashes, backslashes and controls (a later
 * decode must not turn them into the forms above).
 */
const BASE = "http://return-to.invalid";
const ENCODED_UNSAFE = /%(?:2f|5c|[01][0-9a-f]|7f)/i;

/** Control characters (C0, DEL) or a backslash anywhere. */
function hasUnsafeCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/** The same-origin path `raw` names, normalised; null when it is not one. */
export function safeReturnTo(raw: string): string | null {
  if (raw.length === 0 || raw.length > 2000) return null;
  if (
    !raw.startsWith("/") ||
    raw.startsWith("//") ||
    hasUnsafeCharacter(raw) ||
    ENCODED_UNSAFE.test(raw)
  )
    return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalising (dot segments) must not produce a protocol-relative path either.
  return path.startsWith("//") ? null : path;
}
