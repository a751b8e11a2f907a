/** The one path the issuer sends codes back to: the API's sign-in callback. */
export const CALLBACK_PATH = "/api/auth/callback";

/**
 * Whether the issuer may send the browser to `redirectUri`: exactly the app's callback, over
 * http(s), on the host the sign-in page itself was requested on (the app and the issuer share an
 * origin). Everything else is refused, never redirected to.
 */
export function allowedRedirect(redirectUri: string, req: Request): boolean {
  if (redirectUri.length === 0 || redirectUri.length > 2000) return false;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (url.username || url.password || url.pathname !== CALLBACK_PATH) return false;
  const host = req.headers.get("x-forwarded-host") ?? new URL(req.url).host;
  return url.host === host;
}
