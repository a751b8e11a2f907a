import { lambdaDefaults } from "./functions";
import { bucket, table } from "./storage";

/**
 * Marks documents failed when ingest gave up: Lambda's on-failure destination for the ingest
 * function's asynchronous (S3) invocations, called once their retries are spent.
 */
export const ingestFailed = new sst.aws.Function("IngestFailed", {
  ...lambdaDefaults,
  handler: "packages/functions/src/ingest.failed",
  timeout: "1 minute",
  link: [table],
});

/**
 * Reads uploaded files into their documents, and runs background REFI-QDA imports: the API hands
 * one over by writing `workspaces/<ws>/imports/<importId>.job` (same notification, so the same
 * retries and failure destination). An import that outgrows the timeout hands itself on by
 * writing its job object again; the import's record says how far it got.
 */
export const ingestFunction = new sst.aws.Function("Ingest", {
  ...lambdaDefaults,
  handler: "packages/functions/src/ingest.handler",
  // pdf.js on a 50 MB report wants memory (and CPU, which comes with it) and time.
  memory: "2048 MB",
  timeout: "5 minutes",
  link: [table, bucket],
  // Lambda invokes the destination with this function's role.
  permissions: [{ actions: ["lambda:InvokeFunction"], resources: [ingestFailed.arn] }],
});

/**
 * S3 invokes ingest asynchronously: Lambda retries a failed invocation twice, then hands the
 * event to `ingestFailed` instead of dropping it (the document would stay pending for ever, an
 * import running for ever: it is marked failed, and posting its upload again resumes it).
 */
export const ingestRetries = new aws.lambda.FunctionEventInvokeConfig("IngestRetries", {
  functionName: ingestFunction.name,
  maximumRetryAttempts: 2,
  maximumEventAgeInSeconds: 6 * 3600,
  destinationConfig: { onFailure: { destination: ingestFailed.arn } },
});

/**
 * The bucket notifies ingest of every object created under `workspaces/` (S3 filters only by
 * prefix and suffix, so it also hears of the text objects the functions write; it skips every
 * object no upload awaits). A bucket has one notification configuration, so every subscriber of
 * this bucket belongs here.
 */
export const ingest = bucket.notify({
  notifications: [
    {
      name: "Ingest",
      function: ingestFunction.arn,
      events: ["s3:ObjectCreated:*"],
      filterPrefix: "workspaces/",
    },
  ],
});
