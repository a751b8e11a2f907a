/**
 * The interactive API reference at /api/docs: a static page and script served by the API itself,
 * so it works without internet (no CDN). It reads /api/openapi.json, lists every operation, and
 * lets the reader send requests from a form. Everything from the document is inserted as text.
 */
export const referenceHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gloss API reference</title>
<link rel="stylesheet" href="/api/docs/reference.css">
</head>
<body>
<header><h1>Gloss API</h1><p id="summary">Loading /api/openapi.json…</p>
<input id="filter" type="search" placeholder="Filter operations (path, summary, tag)" aria-label="Filter operations"></header>
<main id="operations" aria-live="polite"></main>
<script type="module" src="/api/docs/reference.js"></script>
</body>
</html>`;

export const referenceCss = `
:root { font-family: system-ui, sans-serif; color: #1d2125; background: #fafafa; }
body { margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem 4rem; }
header { position: sticky; top: 0; background: #fafafa; padding-bottom: .5rem; border-bottom: 1px solid #ddd; }
h1 { margin: .5rem 0 .25rem; }
#filter { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
h2 { margin-top: 2rem; font-size: 1.1rem; text-transform: uppercase; letter-spacing: .05em; color: #555; }
details { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: .5rem 0; }
summary { cursor: pointer; padding: .6rem .8rem; display: flex; gap: .8rem; align-items: baseline; }
.method { font: 600 .8rem ui-monospace, monospace; padding: .15rem .45rem; border-radius: 4px; color: #fff; min-width: 3.5rem; text-align: center; }
.get { background: #1971c2; } .post { background: #2f9e44; } .patch { background: #e67700; } .delete { background: #c92a2a; } .put { background: #7048e8; }
.path { font-family: ui-monospace, monospace; }
.op { padding: 0 1rem 1rem; }
label { display: block; margin: .4rem 0 .1rem; font: .85rem ui-monospace, monospace; }
input[type=text], textarea { width: 100%; box-sizing: border-box; font: .9rem ui-monospace, monospace; padding: .35rem; }
textarea { min-height: 8rem; }
pre { background: #f1f3f5; padding: .6rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; word-break: break-word; }
button { margin-top: .6rem; padding: .4rem 1rem; font-size: .95rem; }
.muted { color: #666; font-size: .9rem; }
`;
