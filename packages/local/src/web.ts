import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { readerCsp } from "@gloss/functions/reader-csp";
import type { Context, Hono } from "hono";

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
export function serveReader(app: Hono, distDir: string, options: { uploadOrigin: string }): void {
  const csp = readerCsp(options.uploadOrigin);
  /** The shared reader (/s/…) is never cached, indexed or leaked by Referer, like its API. */
  const pageHeaders = (path: string): Record<string, string> => ({
    "Content-Type": TYPES[".html"]!,
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    ...(path.startsWith("/s/")
      ? {
          "Cache-Control": "no-store",
          "Referrer-Policy": "no-referrer",
          "X-Robots-Tag": "noindex, nofollow",
        }
      : { "Cache-Control": "no-cache", "Referrer-Policy": "strict-origin-when-cross-origin" }),
  });
  // A path under /api that no API route took is the API's JSON 404, never the reader's page: the
  // API app's own notFound does not apply once it is mounted into this one.
  const apiNotFound = (c: Context) =>
    c.json(
      { error: { code: "route.not_found", message: "no such API route; see /api/docs" } },
      404,
    );
  app.all("/api", apiNotFound);
  app.all("/api/*", apiNotFound);
  app.get("*", async (c) => {
    const raw = new URL(c.req.url).pathname;
    // API paths the API did not answer are unknown routes, never the reader's page.
    if (raw === "/api" || raw.startsWith("/api/")) {
      return c.json(
        { error: { code: "route.not_found", message: "no such API route; see /api/docs" } },
        404,
      );
    }
    const path = decodedPath(raw);
    if (path === null) {
      return c.json(
        {
          error: {
            code: "request.bad_path",
            message: "the path is not valid percent-encoded UTF-8",
          },
        },
        400,
      );
    }
    const file = normalize(join(distDir, path));
    if (file.startsWith(distDir + sep) && extname(file) && existsSync(file)) {
      const immutable = file.includes(`${sep}assets${sep}`);
      return c.body(await readFile(file), 200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    const index = join(distDir, "index.html");
    if (!existsSync(index)) return c.body(NOT_BUILT, 200, pageHeaders(path));
    return c.body(await readFile(index), 200, pageHeaders(path));
  });
}

/** A URL path decoded, or null when its percent-encoding is not valid UTF-8 (`/%ff`). */
function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
