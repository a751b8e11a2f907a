import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seriousViolations } from "./support/axe.ts";
import { screenshot } from "./support/browser.ts";
import { failOnDialogs, waitForReader } from "./support/reader.ts";
import { type SignedOutRuntime, startRuntime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";
import { signInCode } from "./support/sign-in.ts";

const OWNER = "owner@example.org";
const GUEST = "guest@example.org";

/** The local runtime with GLOSS_AUTH=on; sign-in codes are read from its output. */
let runtime: SignedOutRuntime;
let browser: Browser;
let page: Page;
let inviteUrl: string;

/** Goes through the server's sign-in pages with the code printed on the runtime's output. */
async function signIn(on: Page, email: string): Promise<void> {
  await on.getByRole("button", { name: "Sign in with email" }).click();
  await on.locator('input[name="email"]').fill(email);
  await on.getByRole("button", { name: "Send code" }).click();
  await on.locator('input[name="code"]').waitFor();
  await on.locator('input[name="code"]').fill(await signInCode(runtime, email));
  await on.getByRole("button", { name: "Sign in" }).click();
}

/** The status of `GET /api/me` from the page, with its cookies. */
const meStatus = (on: Page) => on.evaluate(async () => (await fetch("/api/me")).status);

useBrowserSession(
  {
    viewport: { width: 1280, height: 800 },
    start: () => startRuntime({ signedOut: true, env: { GLOSS_AUTH: "on" } }),
  },
  (session) => {
    ({ runtime, browser, page } = session);
  },
);

describe("accounts in the reader (GLOSS_AUTH=on)", () => {
  it("shows the sign-in screen, signs in with an emailed code and lands in the library", async () => {
    await page.goto(runtime.url);
    await page.getByRole("button", { name: "Sign in with email" }).waitFor();
    expect(await meStatus(page)).toBe(401);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, OWNER);
    await page.waitForURL(`${runtime.url}/`);
    await page.getByText("No documents yet").waitFor();
    // The first account owns the workspace that existed before sign-in was turned on (listed
    // first, the oldest) besides a workspace of its own.
    const me = await page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me.workspaces[0]).toMatchObject({ role: "owner" });
    expect(await page.getByLabel("Workspace").inputValue()).toBe(me.workspaces[0].id);
  });

  it("creates a document as the signed-in owner", async () => {
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Interview transcript");
    await page.getByLabel("Text", { exact: true }).fill("The recruiter kept our passports.");
    await page.getByRole("button", { name: "Add document" }).click();
    await page.waitForURL(/\/d\/doc_/);
    await waitForReader(page);
  });

  it("creates an API token shown once that works as a Bearer token until revoked", async () => {
    await page.goto(`${runtime.url}/tokens`);
    await page.getByText("No tokens yet.").waitFor();
    await page.getByLabel("Name").fill("R scripts");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.locator(".shown-once input").inputValue();
    expect(await page.locator(".code-example").textContent()).toContain(`Bearer ${token}`);
    const bearer = { headers: { Authorization: `Bearer ${token}` } };
    expect((await fetch(`${runtime.url}/api/me`, bearer)).status).toBe(200);

    await page.reload();
    const row = page.locator("tr", { hasText: "R scripts" });
    await row.waitFor();
    expect(await page.locator(".shown-once").count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.waitFor({ state: "detached" });
    expect((await fetch(`${runtime.url}/api/me`, bearer)).status).toBe(401);
  });

  it("lists members and creates an invitation link shown once", async () => {
    await page.goto(`${runtime.url}/members`);
    // The owner who signed in and the local owner who made the workspace before sign-in.
    await page.locator("table[aria-label=Members] tbody tr", { hasText: OWNER }).waitFor();
    await page.locator("table[aria-label=Members] tbody tr", { hasText: "Local owner" }).waitFor();
    await page.getByLabel("Role of the invited person").selectOption("viewer");
    await page.getByRole("button", { name: "Create invite link" }).click();
    inviteUrl = await page.locator(".shown-once input").inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${runtime.url}/invite/\\S+$`));
    await page.locator("table[aria-label=Invitations] tr", { hasText: "Open" }).waitFor();
    await screenshot(page, "members");
  });

  it("lets another person accept the invitation after signing in, as a viewer", async () => {
    const guest = await browser.newPage();
    guest.setDefaultTimeout(10_000);
    const guestDialogs = failOnDialogs(guest);
    await guest.goto(inviteUrl);
    await signIn(guest, GUEST);
    await guest.waitForURL(`${runtime.url}/`);
    await guest.locator(".document-row", { hasText: "Interview transcript" }).waitFor();
    const options = await guest.getByLabel("Workspace").locator("option").allTextContents();
    expect(options.some((o) => o.endsWith("(viewer)"))).toBe(true);
    await guest.close();
    expect(guestDialogs).toEqual([]);

    await page.reload();
    await page.locator("table[aria-label=Members] tbody tr", { hasText: GUEST }).waitFor();
    await page.locator("table[aria-label=Invitations] tr", { hasText: "Accepted" }).waitFor();
  });

  it("creates a workspace from the switcher and switches between workspaces", async () => {
    await page.goto(runtime.url);
    await page.locator(".document-row", { hasText: "Interview transcript" }).waitFor();
    const first = await page.getByLabel("Workspace").inputValue();
    await page.getByLabel("Workspace").selectOption({ label: "New workspace…" });
    await page.getByLabel("Name").fill("Myanmar compounds");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByText("No documents yet").waitFor();
    expect(await page.getByLabel("Workspace").inputValue()).not.toBe(first);
    await page.reload();
    // The choice is remembered.
    await page.getByText("No documents yet").waitFor();
    await page.getByLabel("Workspace").selectOption(first);
    await page.locator(".document-row", { hasText: "Interview transcript" }).waitFor();
  });

  it("signs out: the library is gone and the API answers 401", async () => {
    await page.locator(".account-menu summary").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.getByText("You have signed out.").waitFor();
    expect(await meStatus(page)).toBe(401);
    await page.reload();
    await page.getByRole("button", { name: "Sign in with email" }).waitFor();
    expect(await page.locator(".document-row").count()).toBe(0);
  });
});
