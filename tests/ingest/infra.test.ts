import { expect, it } from "vitest";
import { loadInfra } from "../deployed/support/infra.ts";

it("subscribes the ingest function, linked to table and bucket, to objects created in the bucket", async () => {
  const infra = await loadInfra("dev");
  const { args } = infra.find("DocumentsNotifications");
  const notifications = args.notifications as Array<Record<string, unknown>>;
  expect(notifications).toHaveLength(1);
  expect(notifications[0]).toMatchObject({
    events: ["s3:ObjectCreated:*"],
    filterPrefix: "workspaces/",
    function: infra.find("Ingest").arn,
  });
  const ingest = infra.functions.get("Ingest")!;
  expect(ingest.handler).toBe("packages/functions/src/ingest.handler");
  expect(ingest.link.map((c) => c.name)).toEqual(["Table", "Documents"]);
});

it("sends an ingest invocation that failed every retry to the function that marks it failed", async () => {
  const infra = await loadInfra("dev");
  const { args } = infra.find("IngestRetries");
  const failed = infra.find("IngestFailed");
  expect(args).toMatchObject({
    functionName: infra.find("Ingest").name,
    destinationConfig: { onFailure: { destination: failed.arn } },
  });
  expect(infra.functions.get("IngestFailed")!.handler).toBe("packages/functions/src/ingest.failed");
  // Lambda invokes the destination with the failing function's own role.
  expect(infra.functions.get("Ingest")!.permissions).toContainEqual({
    actions: ["lambda:InvokeFunction"],
    resources: [failed.arn],
  });
});
