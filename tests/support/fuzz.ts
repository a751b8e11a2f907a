import fc from "fast-check";

/**
 * Request generators for property-based fuzzing, driven by the app's own OpenAPI document: every
 * operation it lists gets path parameters, query strings, bodies and headers that range from valid
 * (real ids, schema-shaped bodies) through wrong (types, unknown fields) to hostile (huge, deeply
 * nested, malformed, lone surrogates, path traversal).
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema as found in an OpenAPI document
type Schema = any;
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document
type Spec = any;

export interface Param {
  in: "path" | "query" | "header";
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The path as the document lists it, `/api/workspaces/{ws}/…`. */
  path: string;
  params: Param[];
  /** Declared request media types and the schema of the first JSON-ish one. */
  body: { mediaTypes: string[]; schema: Schema | null } | null;
}

/** Every operation of an OpenAPI document. */
export function operationsOf(spec: Spec): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Spec>)) {
    for (const [method, op] of Object.entries(item as Record<string, Spec>)) {
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
      const mediaTypes = Object.keys(content ?? {});
      const jsonType = mediaTypes.find((t) => /json/.test(t));
      operations.push({
        method: method.toUpperCase(),
        path,
        params: ((op.parameters ?? []) as Param[]).map((p) => ({
          in: p.in,
          name: p.name,
          required: Boolean(p.required),
          schema: p.schema ?? {},
        })),
        body: content
          ? { mediaTypes, schema: jsonType ? (content[jsonType]?.schema ?? null) : null }
          : null,
      });
    }
  }
  return operations;
}

/** Values known to the fuzzer: real ids by parameter or field name, and text to quote. */
export interface Hints {
  /** Real values by name (`ws`, `docId`, `fromId`, `tags`, …), offered beside random ones. */
  byName: Record<string, unknown[]>;
  /** Whole valid bodies by operation (`POST /api/workspaces/{ws}/links`), to reach deep code. */
  bodies?: Record<string, unknown[]>;
}

const LONE_SURROGATES = ["\uD800", "a\uDC00b", "\uDBFF\uDBFF", "\uDFFF\uD800", "x\uD83D"];

/** Strings meant to break things: traversal, encodings, controls, huge, unicode. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "..",
    "../..",
    "../../../etc/passwd",
    "..%2F..%2F",
    "%2e%2e%2f",
    "%00",
    "\u0000",
    "a/b",
    "a\\b",
    "?x=1",
    "#frag",
    "null",
    "undefined",
    "true",
    "0",
    "-1",
    "1e309",
    "NaN",
    "__proto__",
    "constructor",
    "<script>alert(1)</script>",
    "=cmd|'/C calc'!A0",
    "' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, literally
    "${jndi:ldap://x}",
    "WS#ws_x",
    "DOC#",
    "doc_",
    "ann_0000000000000000000000000",
    "🙂🏳️‍🌈",
    "ǅ̈́",
    "\u202Eevil",
    "\uFEFF",
    "Z̴̢̛a̸l̶g̷o̵",
    ...LONE_SURROGATES,
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer({ min: 65, max: 5000 }).map((n) => "z".repeat(n)),
);

/** JSON-ish values of the wrong kind for anything: edges, nulls, huge and deep values. */
export const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    -(2 ** 53),
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.double(),
  hostileString,
  fc.integer({ min: 10_000, max: 90_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => new Array<number>(n).fill(7)),
  fc.integer({ min: 20, max: 3_000 }).map((n) => nested(n)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

function nested(depth: number): unknown {
  let value: unknown = "deep";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** An arbitrary for values of a JSON Schema, leaning towards valid, with real values by name. */
export function schemaArbitrary(
  schema: Schema,
  spec: Spec,
  hints: Hints,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.$ref) {
    const name = String(schema.$ref).replace("#/components/schemas/", "");
    return schemaArbitrary(spec.components?.schemas?.[name], spec, hints, depth + 1);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((s: Schema) => schemaArbitrary(s, spec, hints, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return schemaArbitrary(schema.allOf[0], spec, hints, depth + 1);
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(
      ...schema.type.map((type: string) =>
        schemaArbitrary({ ...schema, type }, spec, hints, depth + 1),
      ),
    );
  }
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const names = Object.keys(properties);
      if (names.length === 0) {
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
          maxKeys: 3,
        });
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const name of names) {
        const own = schemaArbitrary(properties[name], spec, hints, depth + 1);
        const known = hints.byName[name];
        model[name] = known?.length ? fc.oneof(fc.constantFrom(...known), own) : own;
      }
      return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case "array": {
      const min = schema.minItems ?? 0;
      return fc.array(schemaArbitrary(schema.items ?? {}, spec, hints, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 4, 4)),
      });
    }
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return fc.oneof(
        fc.integer({
          min: Math.max(schema.minimum ?? -1_000, -1_000_000),
          max: Math.min(schema.maximum ?? 1_000, 1_000_000),
        }),
        fc.constantFrom(0, 1, 2, 3),
      );
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40));
  if (schema.format === "uri") return fc.webUrl();
  if (schema.format === "date-time") {
    return fc
      .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.format === "binary") return fc.string({ maxLength: 50 });
  if (typeof schema.pattern === "string") {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= 200);
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain strings.
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: "grapheme", minLength: min, maxLength: max }),
  );
}

type Mutation = (value: unknown) => unknown;

/** A change that makes a schema-shaped object subtly or badly wrong. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>((v) => v),
  fc.nat().map<Mutation>((n) => (v) => {
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 0) return v;
    const { [keys[n % keys.length]!]: _dropped, ...rest } = v;
    return rest;
  }),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })).map<Mutation>(
    ([key, extra]) =>
      (v) =>
        isObject(v) ? { ...v, [key]: extra } : v,
  ),
  fc.tuple(fc.nat(), wildValue).map<Mutation>(([n, wild]) => (v) => {
    if (!isObject(v)) return wild;
    const keys = Object.keys(v);
    if (keys.length === 0) return { x: wild };
    return { ...v, [keys[n % keys.length]!]: wild };
  }),
);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A body: what is sent, and the Content-Type it claims. */
export interface Body {
  payload: string | FormData | Uint8Array;
  contentType: string | undefined;
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json; charset=utf-16",
  "application/ld+json",
  "text/plain",
  "text/html",
  "multipart/form-data",
  "multipart/form-data; boundary=nothing-matches",
  "application/x-www-form-urlencoded",
  "application/octet-stream",
  "application/xml",
  "garbage",
  "*/*",
  ";;;",
  "",
];

const MALFORMED_JSON = [
  "{",
  '{"a":',
  "nul",
  "[1,2",
  '{"title": "x",}',
  "{'title': 'x'}",
  "NaN",
  "\u0000",
  "",
  " ",
  '{"a":1}{"b":2}',
  '"\\ud800"',
  '{"text":"\\ud800\\udc00\\udbff"}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  "\uFEFF{}",
  '{"a":1e999999}',
  '{"a":-}',
];

const FILE_NAMES = [
  "report.pdf",
  "transcript.docx",
  "page.html",
  "notes.md",
  "plain.txt",
  "noextension",
  "../../evil.txt",
  "🙂.pdf",
  "a".repeat(300),
  "x.exe",
];

/** Bytes that look a little like the formats ingest reads, then go wrong. */
const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  fc
    .constantFrom("%PDF-1.7\n", "PK\u0003\u0004", "<html><body>", "# Title\n\n", "\uFEFF")
    .chain((head) =>
      fc.uint8Array({ maxLength: 1_000 }).map((tail) => {
        const start = new TextEncoder().encode(head);
        const bytes = new Uint8Array(start.length + tail.length);
        bytes.set(start);
        bytes.set(tail, start.length);
        return bytes;
      }),
    ),
  fc.string({ unit: "grapheme", maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
);

const formBody: fc.Arbitrary<Body> = fc
  .record(
    {
      file: fc.tuple(fileBytes, fc.constantFrom(...FILE_NAMES)),
      title: hostileString,
      sourceUrl: fc.oneof(fc.webUrl(), hostileString),
      extra: hostileString,
    },
    { requiredKeys: [] },
  )
  .map((fields) => {
    const form = new FormData();
    if (fields.file) form.append("file", new File([fields.file[0] as BlobPart], fields.file[1]));
    for (const name of ["title", "sourceUrl", "extra"] as const) {
      const value = fields[name];
      if (value !== undefined) form.append(name, value);
    }
    return { payload: form, contentType: undefined };
  });

/** Bodies for an operation: schema-shaped, mutated, wild, malformed, huge, as form data. */
export function bodyArbitrary(
  operation: Operation,
  spec: Spec,
  hints: Hints,
): fc.Arbitrary<Body | null> {
  const declared = operation.body?.mediaTypes ?? [];
  const jsonType = declared.find((t) => /json/.test(t)) ?? "application/json";
  const fromSchema = operation.body?.schema
    ? schemaArbitrary(operation.body.schema, spec, hints)
    : fc.jsonValue({ maxDepth: 2 });
  const valid = hints.bodies?.[`${operation.method} ${operation.path}`] ?? [];
  const shaped = valid.length ? fc.oneof(fc.constantFrom(...valid), fromSchema) : fromSchema;
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant(jsonType) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const text = fc.oneof(
    { weight: 5, arbitrary: shaped.map((v) => JSON.stringify(v)) },
    {
      weight: 4,
      arbitrary: fc.tuple(shaped, mutation).map(([v, m]) => JSON.stringify(m(v)) ?? "null"),
    },
    { weight: 2, arbitrary: wildValue.map((v) => JSON.stringify(v) ?? "null") },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
    {
      weight: 1,
      arbitrary: fc.tuple(shaped, fc.nat()).map(([v, n]) => {
        const json = JSON.stringify(v) ?? "";
        return json.slice(0, json.length ? n % json.length : 0);
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1_000, max: 40_000 })
        .map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
    },
    { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 300_000 }).map((n) => "a".repeat(n)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
  const json = fc.tuple(text, contentType).map<Body>(([payload, type]) => ({
    payload,
    contentType: type,
  }));
  const raw = fc
    .tuple(fc.uint8Array({ maxLength: 500 }), fc.constantFrom(...CONTENT_TYPES))
    .map<Body>(([payload, type]) => ({ payload, contentType: type }));
  const withForm = declared.some((t) => t.startsWith("multipart/"));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 10, arbitrary: json },
    { weight: 1, arbitrary: raw },
    { weight: withForm ? 4 : 1, arbitrary: formBody },
  );
}

/** A path parameter: a real value, or anything else. */
export function pathValue(name: string, hints: Hints): fc.Arbitrary<string> {
  const known = (hints.byName[name] ?? []).map(String);
  return fc.oneof(
    { weight: known.length ? 12 : 0, arbitrary: fc.constantFrom(...(known.length ? known : [""])) },
    { weight: 3, arbitrary: hostileString },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "doc_01JD0000000000000000000000",
        "ann_01JD0000000000000000000000",
        "ws_01JD0000000000000000000000",
        "lnk_01JD0000000000000000000000",
        "forced-labour",
      ),
    },
  );
}

/**
 * Percent-encodes a string for a URL, even one with lone surrogates (which encodeURIComponent
 * refuses): those become the bytes of an invalid UTF-8 sequence, as a hostile client would send.
 */
export function encodePart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return "%ED%A0%80";
        }
      })
      .join("");
  }
}

/** A query string for an operation: declared parameters (valid or not), unknown and broken ones. */
export function queryArbitrary(
  operation: Operation,
  spec: Spec,
  hints: Hints,
): fc.Arbitrary<string> {
  const declared = operation.params.filter((p) => p.in === "query");
  const pairs = declared.map((p) =>
    fc.option(
      fc
        .oneof(
          {
            weight: 3,
            arbitrary: schemaArbitrary(p.schema, spec, hints).map((v) =>
              typeof v === "string" ? v : JSON.stringify(v),
            ),
          },
          {
            weight: (hints.byName[p.name] ?? []).length ? 3 : 0,
            arbitrary: fc.constantFrom(...(hints.byName[p.name] ?? [""]).map(String)),
          },
          { weight: 2, arbitrary: hostileString },
        )
        .map((value) => `${p.name}=${encodePart(String(value))}`),
      { freq: 2 },
    ),
  );
  const extra = fc.array(
    fc.oneof(
      fc.tuple(hostileString, hostileString).map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`),
      fc.constantFrom("%zz=1", "a=%E0%A4%A", "=", "&&", "limit=1&limit=2", "cursor", "x=%00"),
      fc.integer({ min: 2_000, max: 20_000 }).map((n) => `q=${"q".repeat(n)}`),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...pairs), fc.option(extra, { freq: 4 })).map(([own, more]) => {
    const parts = [...own.filter((p): p is string => p !== null), ...(more ?? [])];
    return parts.length ? `?${parts.join("&")}` : "";
  });
}

/** Headers beside the body's Content-Type: idempotency keys, huge and odd headers, origins. */
export const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      "idempotency-key": fc.oneof(
        fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom(..."abcdef0123456789-") }),
        fc.constantFrom("short", "", " ", "x".repeat(300), "ключ-ключ-ключ", "tab\tkey-value"),
      ),
      "x-fuzz": fc.integer({ min: 1, max: 32_000 }).map((n) => "h".repeat(n)),
      accept: fc.constantFrom("*/*", "text/html", "application/xml", "nonsense"),
      origin: fc.constantFrom(
        "null",
        "http://evil.example",
        "http://localhost",
        "not a url",
        "file://",
      ),
      "x-forwarded-host": fc.constantFrom("evil.example", "a b", "[::1]:80", ""),
      "x-forwarded-for": fc.constantFrom("1.2.3.4", "garbage, 5.6.7.8", ""),
      cookie: fc.constantFrom("gloss_access=garbage", "gloss_refresh=x; gloss_access=y", "=;;="),
      "accept-encoding": fc.constantFrom("gzip", "br", "identity;q=0"),
    },
    { requiredKeys: [] },
  )
  .map((headers) => {
    // Header values are byte strings: anything beyond Latin-1 is sent as UTF-8 bytes, as a
    // client writing raw bytes would.
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) out[name] = Buffer.from(value, "utf8").toString("latin1");
    }
    return out;
  });
