import { lambdaDefaults } from "./functions";
import { bucket, table } from "./storage";

/** Once a day, objects of documents that were never created (or are gone) are deleted. */
export const sweep = new sst.aws.Cron("Sweep", {
  schedule: "rate(1 day)",
  function: {
    handler: "packages/functions/src/sweep.handler",
    ...lambdaDefaults,
    timeout: "15 minutes",
    link: [table, bucket],
  },
});
