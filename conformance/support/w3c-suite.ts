import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv from "ajv-draft-04";
import { standardsDir } from "./standards.ts";

/** One assertion of a `.test` list as the suite's own runner judges it. */
export interface AssertionResult {
  assertion: string;
  title: string;
  passed: boolean;
  message: string;
}

type Json = Record<string, unknown>;

/** RFC 3986 absolute URI (scheme ":" …, no spaces), as the suite's `format: uri` means it. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;
/** RFC 3339 date-time, the `format: date-time` of the suite (xsd:dateTime with a zone). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The W3C Web Annotation test suite (`w3c-web-annotation-tests/`): each `.test` file lists
 * assertions, each a draft-04 JSON schema that refers to `definitions/*.json` by their ids. An
 * assertion passes when the schema matches, or, when its `expectedResult` is `invalid`, when it
 * does not; one marked `onUnexpectedResult: passAndSkip` tests an optional feature and never
 * fails. That is the suite's own harness logic, without its browser.
 */
export class W3cSuite {
  private readonly dir = resolve(standardsDir(), "w3c-web-annotation-tests");
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly compiled = new Map<string, ReturnType<Ajv["compile"]>>();

  constructor() {
    this.ajv.addFormat("uri", URI);
    this.ajv.addFormat("date-time", DATE_TIME);
    const definitions = resolve(this.dir, "definitions");
    for (const name of readdirSync(definitions).filter((n) => n.endsWith(".json"))) {
      this.ajv.addSchema(JSON.parse(readFileSync(resolve(definitions, name), "utf8")) as Json);
    }
  }

  /** The assertion files a `.test` list names (paths relative to the suite). */
  assertions(list: string): string[] {
    const test = JSON.parse(readFileSync(resolve(this.dir, list), "utf8")) as {
      assertions: unknown[];
    };
    return test.assertions.filter((a): a is string => typeof a === "string");
  }

  /** Runs every assertion of a `.test` list over one JSON object. */
  run(list: string, subject: unknown): AssertionResult[] {
    return this.assertions(list).map((assertion) => {
      const schema = JSON.parse(readFileSync(resolve(this.dir, assertion), "utf8")) as Json;
      let validate = this.compiled.get(assertion);
      if (!validate) {
        validate = this.ajv.compile(schema);
        this.compiled.set(assertion, validate);
      }
      const matched = validate(structuredClone(subject)) === true;
      const expected = schema.expectedResult === "invalid" ? false : true;
      const optional = schema.onUnexpectedResult === "passAndSkip";
      return {
        assertion,
        title: String(schema.title ?? assertion),
        passed: matched === expected || optional,
        message:
          matched === expected
            ? ""
            : `${String(schema.errorMessage ?? "")} ${this.ajv.errorsText(validate.errors)}`.trim(),
      };
    });
  }

  /** The assertions of a list that fail for a subject, as readable lines (empty when it passes). */
  failures(list: string, subject: unknown): string[] {
    return this.run(list, subject)
      .filter((r) => !r.passed)
      .map((r) => `${r.assertion}: ${r.message}`);
  }
}
