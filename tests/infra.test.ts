import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTableInput, tableDefinition } from "../packages/core/src/db/table.ts";
import { ROOT } from "./deployed/support/bundle.ts";
import { loadInfra as loadDeclared } from "./deployed/support/infra.ts";

// infra/*.ts run inside SST, which provides the `sst` and `$app` globals. These fakes record what
// each component is constructed with, so the test reads the arguments SST would receive.
type Construction = { name: string; args: Record<string, unknown> };
const secretValue = "6f1c0e4b9a7d2e3f8a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f";

function fakeSst(stage: string) {
  const constructed: Construction[] = [];
  class Component {
    url = `https://${Math.random().toString(36).slice(2)}.example`;
    routes: Array<[string, unknown]> = [];
    /** What an sst.Secret resolves to once `sst secret set` gave it a value. */
    value = secretValue;
    constructor(
      readonly name: string,
      args: Record<string, unknown> = {},
    ) {
      constructed.push({ name, args });
    }
    route(path: string, target: unknown) {
      this.routes.push([path, target]);
    }
  }
  Object.assign(globalThis, {
    sst: {
      aws: {
        Dynamo: Component,
        Bucket: Component,
        Function: Component,
        Auth: Component,
        Email: Component,
        Cron: Component,
        Router: Component,
        StaticSite: Component,
      },
      Secret: Component,
    },
    $app: { name: "gloss", stage },
    $jsonStringify: JSON.stringify,
    $interpolate: (parts: TemplateStringsArray, ...values: unknown[]) =>
      parts.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), ""),
  });
  return constructed;
}

// Imported through variables so `tsc -p tsconfig.json` does not type-check infra/ without the
// SST globals; `npm run typecheck:infra` covers those files.
const storageModule: string = "../infra/storage.ts";
const apiModule: string = "../infra/api.ts";
const authModule: string = "../infra/auth.ts";
const webModule: string = "../infra/web.ts";
const edgeModule: string = "../infra/edge.ts";
const searchModule: string = "../infra/search.ts";

async function loadInfra(stage: string) {
  const constructed = fakeSst(stage);
  vi.resetModules();
  const storage = await import(storageModule);
  const auth = await import(authModule);
  const api = await import(apiModule);
  const find = (name: string) => {
    const found = constructed.find((c) => c.name === name);
    if (!found) throw new Error(`infra constructed no component named ${name}`);
    return found;
  };
  return { storage, auth, api, find };
}

afterEach(() => {
  for (const name of ["sst", "$app", "$jsonStringify", "$interpolate"]) {
    Reflect.deleteProperty(globalThis, name);
  }
});

const attributeType = { string: "S", number: "N", binary: "B" } as const;

describe("infra storage", () => {
  it("declares the table with core's fields and indexes under the link name Table", async () => {
    const { find } = await loadInfra("dev");
    const { args } = find("Table");
    expect(args.fields).toEqual(tableDefinition.fields);
    expect(args.primaryIndex).toEqual(tableDefinition.primaryIndex);
    expect(args.globalIndexes).toEqual(tableDefinition.globalIndexes);
    expect(args.ttl).toBe(tableDefinition.ttl);
  });

  it("protects the table from deletion only on the prod stage", async () => {
    expect((await loadInfra("prod")).find("Table").args.deletionProtection).toBe(true);
    expect((await loadInfra("dev")).find("Table").args.deletionProtection).toBe(false);
  });

  it("declares a private bucket under the link name Documents", async () => {
    const { find } = await loadInfra("dev");
    const { args } = find("Documents");
    expect(args.access).toBeUndefined();
    expect(args.public).toBeUndefined();
  });

  it("links the table, the bucket, the sign-in issuer and the search shards into the API function", async () => {
    const { storage, auth, api, find } = await loadInfra("dev");
    const edge = await import(edgeModule);
    const search = await import(searchModule);
    expect(find("Api").args.link).toEqual([
      storage.table,
      storage.bucket,
      auth.auth,
      edge.edgeSecret,
      search.searchShard,
    ]);
    expect(find("SearchShard").args.link).toEqual([storage.bucket]);
    expect(find("Api").args.streaming).toBe(true);
    expect(api.api).toBeDefined();
  });
});

describe("createTableInput", () => {
  const input = createTableInput("gloss-test");

  it("keys the table like the primary index of the table definition", () => {
    expect(input.TableName).toBe("gloss-test");
    expect(input.KeySchema).toEqual([
      { AttributeName: tableDefinition.primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: tableDefinition.primaryIndex.rangeKey, KeyType: "RANGE" },
    ]);
  });

  it("creates exactly the global indexes of the table definition, projecting all attributes", () => {
    const indexes = Object.fromEntries(
      (input.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        {
          hashKey: index.KeySchema.find((key) => key.KeyType === "HASH")?.AttributeName,
          rangeKey: index.KeySchema.find((key) => key.KeyType === "RANGE")?.AttributeName,
          projection: index.Projection.ProjectionType,
        },
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(tableDefinition.globalIndexes).map(([name, index]) => [
        name,
        { ...index, projection: "ALL" },
      ]),
    );
    expect(indexes).toEqual(expected);
  });

  it("defines every declared field with its DynamoDB attribute type", () => {
    expect(input.AttributeDefinitions).toEqual(
      Object.entries(tableDefinition.fields).map(([name, type]) => ({
        AttributeName: name,
        AttributeType: attributeType[type],
      })),
    );
  });

  it("bills on demand like the SST Dynamo component", () => {
    expect(input.BillingMode).toBe("PAY_PER_REQUEST");
  });
});

describe("infra web", () => {
  it("routes the API and the sign-in pages on the reader's origin", async () => {
    fakeSst("dev");
    vi.resetModules();
    const web = await import(webModule);
    const paths = web.router.routes.map(([path]: [string]) => path);
    expect(paths).toEqual(
      expect.arrayContaining(["/api", "/authorize", "/token", "/email", "/.well-known"]),
    );
  });

  it("adds the shared reader's privacy headers and a CSP for pages at the edge", async () => {
    const constructed = fakeSst("dev");
    vi.resetModules();
    await import(webModule);
    const router = constructed.find((c) => c.name === "Router");
    if (!router) throw new Error("infra/web.ts constructed no Router");
    const injection = (router.args.edge as { viewerResponse: { injection: string } }).viewerResponse
      .injection;
    const run = (uri: string, headers: Record<string, { value: string }>) => {
      const event = { request: { uri }, response: { headers } };
      new Function("event", injection)(event);
      return event.response.headers;
    };
    const shared = run("/s/shr_abc", { "content-type": { value: "text/html" } });
    expect(shared["cache-control"]?.value).toBe("no-store");
    expect(shared["referrer-policy"]?.value).toBe("no-referrer");
    expect(shared["x-robots-tag"]?.value).toContain("noindex");
    expect(shared["content-security-policy"]?.value).toContain("script-src 'self'");
    const library = run("/", { "content-type": { value: "text/html; charset=utf-8" } });
    expect(library["cache-control"]).toBeUndefined();
    expect(library["content-security-policy"]?.value).toContain("frame-ancestors 'none'");
    const api = run("/api/me", {
      "content-type": { value: "application/json" },
      "content-security-policy": { value: "default-src 'none'" },
    });
    expect(api["content-security-policy"]?.value).toBe("default-src 'none'");
  });
});

describe("infra edge", () => {
  it("stamps every forwarded request with the edge secret and CloudFront's viewer address", async () => {
    const constructed = fakeSst("prod");
    vi.resetModules();
    await import(webModule);
    const router = constructed.find((c) => c.name === "Router");
    if (!router || !constructed.some((c) => c.name === "EdgeSecret"))
      throw new Error("infra/web.ts constructed no Router or EdgeSecret");
    const injection = (router.args.edge as { viewerRequest: { injection: string } }).viewerRequest
      .injection;
    expect(injection).toContain("x-gloss-edge");
    const event = {
      viewer: { ip: "198.51.100.23" },
      request: {
        uri: "/email/authorize",
        headers: {
          "x-gloss-edge": { value: "client guess" },
          "x-gloss-viewer-address": { value: "10.0.0.1" },
          "x-forwarded-for": { value: "10.0.0.1" },
        } as Record<string, { value: string }>,
      },
    };
    new Function("event", injection)(event);
    expect(event.request.headers["x-gloss-viewer-address"]?.value).toBe("198.51.100.23");
    expect(event.request.headers["x-gloss-edge"]?.value).not.toBe("client guess");
    expect(event.request.headers["x-gloss-edge"]?.value).toBe(secretValue);
  });
});

describe("infra email", () => {
  it("links an SES sender into the issuer only when the stage is deployed with one", async () => {
    let constructed = fakeSst("prod");
    vi.resetModules();
    await import(authModule);
    const issuerLinks = (list: typeof constructed) => {
      const auth = list.find((c) => c.name === "Auth");
      if (!auth) throw new Error("infra/auth.ts constructed no Auth");
      return (auth.args.issuer as { link: unknown[] }).link;
    };
    expect(constructed.find((c) => c.name === "Email")).toBeUndefined();
    expect(issuerLinks(constructed).map((c) => (c as { name: string }).name)).toEqual([
      "Table",
      "EdgeSecret",
      "GlossAuthKeySecret",
    ]);

    process.env.GLOSS_EMAIL_SENDER = "research.example.org";
    try {
      constructed = fakeSst("prod");
      vi.resetModules();
      await import(authModule);
      expect(constructed.find((c) => c.name === "Email")?.args).toEqual({
        sender: "research.example.org",
      });
      expect(issuerLinks(constructed).map((c) => (c as { name: string }).name)).toEqual([
        "Table",
        "EdgeSecret",
        "GlossAuthKeySecret",
        "Email",
      ]);
    } finally {
      delete process.env.GLOSS_EMAIL_SENDER;
    }
  });
});

describe("infra sweep", () => {
  it("runs the sweep daily with the table and the bucket linked", async () => {
    const constructed = fakeSst("prod");
    vi.resetModules();
    const storage = await import(storageModule);
    const sweepModule: string = "../infra/sweep.ts";
    await import(sweepModule);
    const cron = constructed.find((c) => c.name === "Sweep");
    if (!cron) throw new Error("infra/sweep.ts constructed no Cron");
    expect(cron.args.schedule).toBe("rate(1 day)");
    const fn = cron.args.function as { handler: string; link: unknown[] };
    expect(fn.handler).toBe("packages/functions/src/sweep.handler");
    expect(fn.link).toEqual([storage.table, storage.bucket]);
  });
});

/** The IAM action each SDK command Gloss's functions send needs. */
const COMMAND_ACTIONS: Record<string, string> = {
  GetCommand: "dynamodb:GetItem",
  PutCommand: "dynamodb:PutItem",
  UpdateCommand: "dynamodb:UpdateItem",
  DeleteCommand: "dynamodb:DeleteItem",
  QueryCommand: "dynamodb:Query",
  BatchGetCommand: "dynamodb:BatchGetItem",
  BatchWriteCommand: "dynamodb:BatchWriteItem",
  GetObjectCommand: "s3:GetObject",
  HeadObjectCommand: "s3:GetObject",
  PutObjectCommand: "s3:PutObject",
  DeleteObjectsCommand: "s3:DeleteObject",
  ListObjectsV2Command: "s3:ListBucket",
  SendEmailCommand: "ses:SendEmail",
  InvokeCommand: "lambda:InvokeFunction",
};

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

describe("infra permissions", () => {
  const permissionsModule: string = "../infra/permissions.ts";

  it("grants exactly the actions of the SDK commands the functions send, no service wildcard", async () => {
    const { ALLOWED_ACTIONS, narrowPolicy } = await import(permissionsModule);
    const needed = new Set<string>();
    for (const dir of ["packages/core/src", "packages/functions/src"]) {
      for (const file of await sourceFiles(join(ROOT, dir))) {
        for (const [, command] of (await readFile(file, "utf8")).matchAll(
          /new ([A-Z]\w+Command)\(/g,
        )) {
          const action = COMMAND_ACTIONS[command!];
          if (!action) throw new Error(`${file} sends ${command}: add its IAM action`);
          needed.add(action);
        }
      }
    }
    // The policy SST builds from the links of the API (table, bucket) and the issuer (email).
    const sst = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "dynamodb:*", Resource: ["arn:table", "arn:table/*"] },
        { Effect: "Allow", Action: ["s3:*"], Resource: ["arn:bucket", "arn:bucket/*"] },
        { Effect: "Allow", Action: ["ses:*"], Resource: ["arn:identity", "arn:config"] },
        { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: ["arn:fn"] },
      ],
    });
    const narrowed = JSON.parse(narrowPolicy(sst)) as {
      Statement: Array<{ Action: string[]; Resource: string[] }>;
    };
    const granted = narrowed.Statement.flatMap((s) => s.Action);
    expect(granted.filter((a) => a.endsWith(":*"))).toEqual([]);
    for (const action of needed) expect(granted).toContain(action);
    // Nothing beyond what some command needs.
    const extra = Object.values(ALLOWED_ACTIONS as Record<string, string[]>)
      .flat()
      .filter((a) => !needed.has(a));
    expect(extra).toEqual([]);
    expect(narrowed.Statement[0]!.Resource).toEqual(["arn:table", "arn:table/*"]);
    expect(narrowed.Statement[3]!.Action).toEqual(["lambda:InvokeFunction"]);
  });

  it("runs every function on arm64 and Node 24 with retained logs and the narrowing transform", async () => {
    const infra = await loadDeclared("prod", { GLOSS_EMAIL_SENDER: "research.example.org" });
    const { leastPrivilege } = await import(permissionsModule);
    expect([...infra.functions.keys()].sort()).toEqual([
      "Api",
      "Auth",
      "Ingest",
      "IngestFailed",
      "SearchShard",
      "Sweep",
    ]);
    for (const fn of infra.functions.values()) {
      expect(fn.architecture, fn.name).toBe("arm64");
      expect(fn.runtime, fn.name).toBe("nodejs24.x");
      expect(fn.args.logging, fn.name).toEqual({ retention: "3 months" });
      expect((fn.args.transform as { role: unknown }).role, fn.name).toBe(leastPrivilege);
    }
  });

  it("keeps deleted and overwritten objects as noncurrent versions for 30 days", async () => {
    const infra = await loadDeclared("prod");
    const { args } = infra.find("Documents");
    expect(args.versioning).toBe(true);
    const lifecycle: Record<string, unknown> = {};
    (args.transform as { lifecycle: (a: Record<string, unknown>) => void }).lifecycle(lifecycle);
    expect(lifecycle.rules).toEqual([
      expect.objectContaining({
        status: "Enabled",
        noncurrentVersionExpiration: { noncurrentDays: 30 },
      }),
    ]);
  });
});

describe("infra alarms", () => {
  it("alarms on every function's errors and throttles, the table, the Router and SES, to the email", async () => {
    const infra = await loadDeclared("prod", { GLOSS_ALARM_EMAIL: "ops@example.org" });
    const alarms = infra.components.filter((c) => c.kind === "MetricAlarm");
    const watched = (metric: string) =>
      alarms
        .filter((a) => a.args.metricName === metric)
        .map((a) => Object.values(a.args.dimensions ?? {})[0]);
    expect(watched("Errors").sort()).toEqual(
      ["Api", "AuthIssuer", "Ingest", "IngestFailed", "SweepFunction"].sort(),
    );
    expect(watched("Throttles")).toHaveLength(5);
    expect(watched("ReadThrottleEvents")).toEqual(["Table"]);
    expect(watched("WriteThrottleEvents")).toEqual(["Table"]);
    expect(watched("5xxErrorRate")).toEqual(["EROUTER"]);
    expect(alarms.some((a) => a.args.metricName === "Reputation.BounceRate")).toBe(true);
    expect(alarms.some((a) => a.args.metricName === "Reputation.ComplaintRate")).toBe(true);
    for (const alarm of alarms) expect(alarm.args.alarmActions).toHaveLength(1);
    const subscriptions = infra.components.filter((c) => c.kind === "TopicSubscription");
    expect(subscriptions.map((s) => s.args.endpoint)).toEqual([
      "ops@example.org",
      "ops@example.org",
    ]);
    const quiet = await loadDeclared("prod");
    expect(quiet.components.filter((c) => c.kind === "TopicSubscription")).toEqual([]);
  });
});
