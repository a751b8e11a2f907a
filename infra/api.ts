import { auth } from "./auth";
import { bucket, table } from "./storage";

/** The Hono app behind a streaming Function URL; `infra/web.ts` also serves it at `/api`. */
export const api = new sst.aws.Function("Api", {
  handler: "packages/functions/src/api.handler",
  runtime: "nodejs22.x",
  memory: "1024 MB",
  timeout: "30 seconds",
  url: true,
  streaming: true,
  link: [table, bucket, auth],
  // Code splitting keeps what only some requests need (pdf.js, mammoth and linkedom for uploads,
  // 2.4 MB minified) in chunks loaded on first use: a cold start loads 1.1 MB instead of 3.7 MB
  // and answers ~30 ms sooner (bench/README.md, "Lambda").
  nodejs: { splitting: true },
});
