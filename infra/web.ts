import { readerCsp } from "../packages/functions/src/http/reader-csp.ts";
import { api } from "./api";
import { auth } from "./auth";
import { viewerRequest } from "./edge";

/** One origin for the reader and the API (CloudFront + a KeyValueStore of routes). */
/**
 * Headers the local runtime sends with the reader's pages (packages/local/src/web.ts), added at
 * the edge here: the reader's CSP (http/reader-csp.ts; presigned uploads go to S3) for HTML the
 * API did not already cover, and for the shared reader (/s/…) no caching, no Referer and no
 * indexing. CloudFront Functions run plain ES5-style JavaScript.
 */
const readerHeaders = `
var h = event.response.headers;
var type = h["content-type"] ? h["content-type"].value : "";
if (type.indexOf("text/html") === 0 && !h["content-security-policy"]) {
  h["content-security-policy"] = { value: ${JSON.stringify(readerCsp("https://*.amazonaws.com"))} };
  h["x-frame-options"] = { value: "DENY" };
}
h["x-content-type-options"] = { value: "nosniff" };
if (event.request.uri.indexOf("/s/") === 0) {
  h["cache-control"] = { value: "no-store" };
  h["referrer-policy"] = { value: "no-referrer" };
  h["x-robots-tag"] = { value: "noindex, nofollow" };
}`;

/**
 * GLOSS_DOMAIN (e.g. gloss.example.org) serves the app on that name: SST creates the certificate
 * and the DNS records when the domain's Route 53 hosted zone is in this account, and the
 * CloudFront URL then stops answering (docs/deploy.md, "Domain").
 */
const domain = process.env.GLOSS_DOMAIN;

export const router = new sst.aws.Router("Router", {
  ...(domain ? { domain: { name: domain } } : {}),
  edge: {
    viewerRequest: { injection: viewerRequest },
    viewerResponse: { injection: readerHeaders },
  },
});

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
