/**
 * The API reference at /api/docs: Scalar's API reference (`@scalar/api-reference`, pinned in
 * packages/functions/package.json) rendering /api/openapi.json, with operations, schemas, examples
 * and request samples for curl, Python and R. Everything is served by the API itself, so the page
 * works offline and never touches a CDN.
 *
 * The page carries no script of its own: Scalar's standalone bundle reads its configuration from
 * the empty `#api-reference` element (an empty inline script never runs, so the CSP needs no
 * 'unsafe-inline' for scripts). The configuration switches off everything that would leave the
 * origin: the hosted fonts, telemetry, the hosted API client and its proxy.
 */
const configuration = {
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  // Scalar's AI agent talks to scalar.com (and switches itself on for localhost).
  agent: { disabled: true },
  showDeveloperTools: "never",
  documentDownloadType: "json",
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  featuredClients: [
    { targetKey: "shell", clientKey: "curl" },
    { targetKey: "python", clientKey: "requests" },
    { targetKey: "r", clientKey: "httr2" },
  ],
  // Researchers script in shell, Python and R; the other generators stay out of the way.
  hiddenClients: Object.fromEntries(
    [
      "c",
      "clojure",
      "csharp",
      "dart",
      "fsharp",
      "go",
      "http",
      "java",
      "js",
      "julia",
      "kotlin",
      "node",
      "objc",
      "ocaml",
      "php",
      "powershell",
      "ruby",
      "rust",
      "swift",
    ].map((target) => [target, true]),
  ),
};

/** HTML-attribute-safe JSON (the attribute is double-quoted). */
const attribute = JSON.stringify(configuration).replaceAll("&", "&amp;").replaceAll('"', "&quot;");

export const REFERENCE_SCRIPT_PATH = "/api/docs/reference.js";

export const referenceHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gloss API reference</title>
</head>
<body>
<script id="api-reference" data-url="/api/openapi.json" data-configuration="${attribute}"></script>
<script src="${REFERENCE_SCRIPT_PATH}"></script>
</body>
</html>`;
