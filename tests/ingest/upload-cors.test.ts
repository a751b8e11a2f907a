import { describe, expect, inject, it } from "vitest";
import { makeContext } from "../support/app.ts";

describe("direct uploads from the reader", () => {
  it("lets a browser on another origin PUT to the embedded S3, as the deployed bucket's CORS does", async () => {
    const ctx = await makeContext();
    const res = await fetch(
      `${inject("s3Endpoint")}/${ctx.bucket}/workspaces/ws/documents/doc/v1/original/a.pdf`,
      {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:3000",
          "access-control-request-method": "PUT",
          "access-control-request-headers": "content-type",
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeTruthy();
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
  });
});
