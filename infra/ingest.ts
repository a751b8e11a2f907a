import { bucket, table } from "./storage";

/**
 * Reads uploaded files into their documents: the bucket notifies the ingest function of every
 * object created under `workspaces/` (S3 filters only by prefix and suffix, so it also hears of
 * the text objects the functions write; it skips every object no upload awaits). A bucket has
 * one notification configuration, so every subscriber of this bucket belongs here.
 */
export const ingest = bucket.notify({
  notifications: [
    {
      name: "Ingest",
      function: {
        handler: "packages/functions/src/ingest.handler",
        runtime: "nodejs22.x",
        // pdf.js on a 50 MB report wants memory (and CPU, which comes with it) and time.
        memory: "2048 MB",
        timeout: "5 minutes",
        link: [table, bucket],
      },
      events: ["s3:ObjectCreated:*"],
      filterPrefix: "workspaces/",
    },
  ],
});
