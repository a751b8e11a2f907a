import { describe, expect, it } from "vitest";
import { codeEmail, fromAddress } from "../../packages/functions/src/auth/email.ts";

describe("sign-in code email", () => {
  it("says the code in the subject and the body, with nothing to click", () => {
    const message = codeEmail("482913");
    expect(message.subject).toContain("482913");
    expect(message.text).toContain("482913");
    expect(message.text).not.toMatch(/https?:\/\//);
  });

  it("sends from the verified address, or from sign-in@ a verified domain", () => {
    expect(fromAddress("desk@ngo.example")).toBe("desk@ngo.example");
    expect(fromAddress("ngo.example")).toBe("sign-in@ngo.example");
  });
});
