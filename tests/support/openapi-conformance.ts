import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { Operation } from "./fuzz.ts";

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as served
type Spec = any;

/**
 * The response checks Schemathesis runs (`status_code_conformance`, `content_type_conformance`,
 * `response_schema_conformance`), against the app's own OpenAPI 3.1 document: a response to the
 * operation a request was sent to has a status the operation declares (or `default`), a content
 * type declared for that status, and a JSON body valid against the declared schema. Requests sent
 * with another method than the operation's are checked only by the general rules (5xx, shape).
 */
export class Conformance {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    // strict off: OpenAPI adds keywords JSON Schema does not know (`example`, `x-…`).
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    this.ajv.addSchema({ $id: "openapi", components: spec.components ?? {} });
  }

  /** What is wrong with this response, or null. */
  check(
    operation: Operation,
    method: string,
    status: number,
    headers: Headers,
    text: string,
  ): string | null {
    if (method !== operation.method) return null;
    const declared = this.spec.paths?.[operation.path]?.[operation.method.toLowerCase()]
      ?.responses as Record<string, Spec> | undefined;
    if (!declared) return "operation not in the document";
    const response =
      declared[String(status)] ?? declared[`${String(status)[0]}XX`] ?? declared.default;
    if (!response)
      return `status ${status} not declared (declared: ${Object.keys(declared).join(", ")})`;
    const content = response.content as Record<string, { schema?: Spec }> | undefined;
    const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
    // A response declared without content: nothing more to check.
    if (!content || Object.keys(content).length === 0) return null;
    const mediaType = Object.keys(content).find((t) => t.toLowerCase() === type);
    if (!mediaType) {
      return `content type ${type || "(none)"} not declared for ${status} (declared: ${Object.keys(content).join(", ")})`;
    }
    const schema = content[mediaType]?.schema;
    // JSON Lines (application/x-ndjson) is one JSON value per line, not one JSON document.
    if (!schema || !/json/.test(mediaType) || /ndjson/.test(mediaType) || text.length === 0) {
      return null;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `declared ${mediaType} but the body is not JSON`;
    }
    const validate = this.validatorFor(
      `${operation.method} ${operation.path} ${status} ${mediaType}`,
      schema,
    );
    if (validate(body)) return null;
    const first = validate.errors?.[0];
    return `body does not match its schema: ${first?.instancePath || "/"} ${first?.message ?? ""}`;
  }

  private validatorFor(key: string, schema: Spec): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** `#/components/…` references made absolute against the registered components document. */
function rebase(schema: Spec): Spec {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `openapi${value}`
        : rebase(value),
    ]),
  );
}
