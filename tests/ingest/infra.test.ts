import { afterEach, expect, it, vi } from "vitest";

// Imported through a variable so `tsc -p tsconfig.json` does not type-check infra/ without the
// SST globals; `npm run typecheck:infra` covers it.
const ingestModule: string = "../../infra/ingest.ts";

afterEach(() => {
  Reflect.deleteProperty(globalThis, "sst");
  Reflect.deleteProperty(globalThis, "$app");
});

it("subscribes the ingest function, linked to table and bucket, to objects created in the bucket", async () => {
  const notified: Array<Record<string, unknown>> = [];
  class Component {
    constructor(readonly name: string) {}
    notify(args: Record<string, unknown>) {
      notified.push({ bucket: this.name, ...args });
      return this;
    }
  }
  Object.assign(globalThis, {
    sst: { aws: { Dynamo: Component, Bucket: Component, Function: Component } },
    $app: { name: "gloss", stage: "dev" },
  });
  vi.resetModules();
  await import(ingestModule);
  expect(notified).toHaveLength(1);
  type Subscriber = { events: string[]; function: { handler: string; link: Component[] } };
  const [{ bucket, notifications }] = notified as [{ bucket: string; notifications: Subscriber[] }];
  expect(bucket).toBe("Documents");
  expect(notifications).toHaveLength(1);
  const [subscriber] = notifications;
  expect(subscriber).toMatchObject({
    events: ["s3:ObjectCreated:*"],
    filterPrefix: "workspaces/",
    function: { handler: "packages/functions/src/ingest.handler" },
  });
  expect(subscriber!.function.link.map((c) => c.name)).toEqual(["Table", "Documents"]);
});
