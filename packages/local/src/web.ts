import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Gloss</title>
<p>The reader has not been built. Run <code>npm start</code> from the repository root (it builds the reader first), or use the API at <a href="/api/docs">/api/docs</a>.</p>`;

/**
 * Serves the built reader: files as they are, and index.html for every other path (`/d/…`,
 * `/s/…`), since the reader routes in the browser. Paths cannot escape the build folder.
 */
export function serveReader(app: Hono, distDir: string): void {
  app.get("*", async (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    const file = normalize(join(distDir, path));
    if (file.startsWith(distDir + sep) && extname(file) && existsSync(file)) {
      const immutable = file.includes(`${sep}assets${sep}`);
      return c.body(await readFile(file), 200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    const index = join(distDir, "index.html");
    if (!existsSync(index)) return c.html(NOT_BUILT);
    return c.body(await readFile(index), 200, {
      "Content-Type": TYPES[".html"]!,
      "Cache-Control": "no-cache",
    });
  });
}
