import { auth } from "./auth";
import { edgeSecret } from "./edge";
import { lambdaDefaults } from "./functions";
import { searchShard } from "./search";
import { bucket, table } from "./storage";

/** The Hono app behind a streaming Function URL; `infra/web.ts` also serves it at `/api`. */
export const api = new sst.aws.Function("Api", {
  handler: "packages/functions/src/api.handler",
  ...lambdaDefaults,
  memory: "1024 MB",
  timeout: "30 seconds",
  url: true,
  streaming: true,
  link: [table, bucket, auth, edgeSecret, searchShard],
  // Code splitting keeps what only some requests need (pdf.js, mammoth and linkedom for uploads,
  // 2.4 MB minified) in chunks loaded on first use; the plugins keep zod's messages to English
  // (its other locales were 261 KB that esbuild cannot tree-shake). A cold start loads 0.85 MB
  // instead of 3.7 MB (bench/README.md, "Lambda"). The plugins path is relative to sst.config.ts.
  nodejs: { splitting: true, plugins: "./infra/api-esbuild-plugins.mjs" },
  // The API reference's renderer (Scalar's standalone bundle, 4.9 MB) is a file the /api/docs
  // route reads at run time from the task root, not part of the bundle
  // (packages/functions/src/reference/assets.ts).
  copyFiles: [
    {
      from: "node_modules/@scalar/api-reference/dist/browser/standalone.js",
      to: "reference/standalone.js",
    },
  ],
});
