import { randomBytes } from "node:crypto";
import { vi } from "vitest";

/**
 * Gloss's infrastructure as SST would receive it: `infra/*.ts` executed against recording
 * stand-ins of the `sst` and `$app` globals, so the harness builds and runs each function from
 * the arguments infra/ actually declares (handler, runtime, esbuild options, links, environment,
 * Router routes and edge code) instead of restating them.
 */
export interface Component {
  name: string;
  kind: string;
  args: Record<string, unknown>;
  /** A placeholder SST resolves to the Function URL; the harness maps it to a local server. */
  url: string;
  /** A secret's value. */
  value: string;
  arn: string;
  routes: Array<{ path: string; target: string; args?: unknown }>;
}

/** A Lambda function as declared: a plain Function, an Auth issuer, a Cron's or a notification's. */
export interface FunctionDefinition {
  /** The component that owns it (`Api`, `Auth`, `Sweep`, `Ingest`). */
  name: string;
  handler: string;
  runtime?: string;
  architecture?: string;
  nodejs?: { splitting?: boolean; plugins?: string };
  link: Component[];
  environment: Record<string, string>;
  permissions: Array<{ actions: string[]; resources: unknown[] }>;
  url?: string;
  /** Everything the function was declared with. */
  args: Record<string, unknown>;
}

export interface Infra {
  components: Component[];
  functions: Map<string, FunctionDefinition>;
  find(name: string): Component;
}

// Imported through variables so `tsc -p tsconfig.json` does not type-check infra/ without the
// SST globals; `npm run typecheck:infra` covers those files.
const MODULES: string[] = [
  "../../../infra/storage.ts",
  "../../../infra/ingest.ts",
  "../../../infra/sweep.ts",
  "../../../infra/auth.ts",
  "../../../infra/api.ts",
  "../../../infra/web.ts",
  "../../../infra/alarms.ts",
];

/** Executes infra/ for `stage` with `env` (e.g. GLOSS_EMAIL_SENDER) and returns what it declared. */
export async function loadInfra(stage: string, env: Record<string, string> = {}): Promise<Infra> {
  const components: Component[] = [];
  const functions = new Map<string, FunctionDefinition>();
  const fn = (name: string, args: Record<string, unknown>, url?: string) => {
    functions.set(name, {
      name,
      handler: String(args.handler),
      runtime: args.runtime as string | undefined,
      architecture: args.architecture as string | undefined,
      nodejs: args.nodejs as FunctionDefinition["nodejs"],
      link: (args.link as Component[] | undefined) ?? [],
      environment: (args.environment as Record<string, string> | undefined) ?? {},
      permissions: (args.permissions as FunctionDefinition["permissions"] | undefined) ?? [],
      ...(url ? { url } : {}),
      args,
    });
  };
  const make = (kind: string) =>
    class {
      name: string;
      kind = kind;
      args: Record<string, unknown>;
      url: string;
      arn: string;
      routes: Component["routes"] = [];
      /** What an sst.Secret resolves to (`sst secret set`). */
      value = randomBytes(32).toString("hex");
      distributionID: string;
      nodes: Record<string, { name: string }>;
      constructor(name: string, args: Record<string, unknown> = {}) {
        this.name = name;
        this.args = args;
        this.url = `https://${name.toLowerCase()}.url.invalid`;
        this.arn = `arn:aws:fake:::${name}`;
        this.distributionID = `E${name.toUpperCase()}`;
        this.nodes = { issuer: { name: `${name}Issuer` }, function: { name: `${name}Function` } };
        components.push(this as unknown as Component);
        if (kind === "Function") fn(name, args, args.url ? this.url : undefined);
        if (kind === "Auth") {
          // sst.aws.Auth gives its issuer a Function URL, its own table and OPENAUTH_STORAGE
          // (platform/src/components/aws/auth.ts of the pinned version).
          const issuer = args.issuer as Record<string, unknown>;
          fn(
            name,
            {
              ...issuer,
              environment: {
                ...(issuer.environment as Record<string, string> | undefined),
                OPENAUTH_STORAGE: JSON.stringify({
                  type: "dynamo",
                  options: { table: `gloss-${stage}-${name}Storage` },
                }),
              },
            },
            this.url,
          );
        }
        if (kind === "Cron") fn(name, args.function as Record<string, unknown>);
      }
      route(path: string, target: string, routeArgs?: unknown) {
        this.routes.push({ path, target, args: routeArgs });
      }
      notify(args: {
        notifications: Array<{ name: string; function: string | Record<string, unknown> }>;
      }) {
        components.push({
          name: `${this.name}Notifications`,
          kind: "BucketNotification",
          args,
        } as unknown as Component);
        // A notification names a declared function by ARN, or declares one inline.
        for (const n of args.notifications) {
          if (typeof n.function === "object") fn(n.name, n.function);
        }
        return this;
      }
    };
  const kinds = [
    "Dynamo",
    "Bucket",
    "Function",
    "Auth",
    "Email",
    "Cron",
    "Router",
    "StaticSite",
    "Queue",
    "SnsTopic",
    "Linkable",
  ];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  Object.assign(globalThis, {
    sst: {
      aws: Object.fromEntries(kinds.map((k) => [k, make(k)])),
      Linkable: make("Linkable"),
      Secret: make("Secret"),
    },
    aws: {
      lambda: { FunctionEventInvokeConfig: make("FunctionEventInvokeConfig") },
      cloudwatch: { MetricAlarm: make("MetricAlarm") },
      sns: { Topic: make("Topic"), TopicSubscription: make("TopicSubscription") },
      Provider: make("Provider"),
      s3: {
        BucketVersioningV2: make("BucketVersioningV2"),
        BucketLifecycleConfigurationV2: make("BucketLifecycleConfigurationV2"),
      },
    },
    $app: { name: "gloss", stage },
    $jsonStringify: JSON.stringify,
    $interpolate: (parts: TemplateStringsArray, ...values: unknown[]) =>
      parts.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), ""),
  });
  try {
    vi.resetModules();
    for (const module of MODULES) await import(module);
  } finally {
    Reflect.deleteProperty(globalThis, "sst");
    Reflect.deleteProperty(globalThis, "aws");
    Reflect.deleteProperty(globalThis, "$app");
    Reflect.deleteProperty(globalThis, "$interpolate");
    Reflect.deleteProperty(globalThis, "$jsonStringify");
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  return {
    components,
    functions,
    find(name) {
      const found = components.find((c) => c.name === name);
      if (!found) throw new Error(`infra declared no component named ${name}`);
      return found;
    },
  };
}
