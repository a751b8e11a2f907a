import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { standardsDir } from "./support/standards.ts";
import { runTool } from "./support/tools.ts";

describe("the conformance step's prerequisites", () => {
  it("finds the REFI-QDA schemas and the W3C MUST assertion lists", () => {
    const dir = standardsDir();
    for (const file of [
      "refi-qda/Project-mrt2019.xsd",
      "refi-qda/Codebook.xsd",
      "w3c-web-annotation-tests/annotations/annotationMusts.test",
      "w3c-web-annotation-tests/collections/collectionMusts.test",
      "w3c-web-annotation-tests/collections/pages/pageMusts.test",
    ]) {
      expect(existsSync(resolve(dir, file)), file).toBe(true);
    }
  });

  it("has the consumers' tools: xmllint and Python with pandas", () => {
    expect(runTool("xmllint", ["--version"]).status).toBe(0);
    const python = runTool("python3", ["-c", "import csv, pandas; print(pandas.__version__)"]);
    expect(python.status, python.stderr).toBe(0);
  });
});
