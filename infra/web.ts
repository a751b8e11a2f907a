import { api } from "./api";
import { auth } from "./auth";

/** One origin for the reader and the API (CloudFront + a KeyValueStore of routes). */
export const router = new sst.aws.Router("Router");

// The Function URL keeps its full path, so the app sees `/api/...` as it does locally.
// CloudFront's default 20 s read timeout would cut off a request the Lambda may still finish.
router.route("/api", api.url, { readTimeout: "30 seconds" });

// The sign-in pages are served by the issuer on the app's own origin, so its cookies and the
// redirect back to /api/auth/callback stay first-party.
for (const path of ["/authorize", "/token", "/email", "/.well-known", "/userinfo"]) {
  router.route(path, auth.url);
}

/**
 * The reader. Paths with no asset, such as `/d/:docId` and the shared reader `/s/:token`, get
 * `index.html` (the default error page), so client-side routing handles them.
 */
export const web = new sst.aws.StaticSite("Web", {
  path: "packages/web",
  build: { command: "npm run build", output: "dist" },
  router: { instance: router },
});
