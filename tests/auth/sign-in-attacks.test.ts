import { createIssuer } from "@gloss/functions/issuer";
import { describe, expect, it } from "vitest";
import { isEmailAddress } from "../../packages/functions/src/auth/email-address.ts";
import { safeReturnTo } from "../../packages/functions/src/auth/return-to.ts";
import { makeContext } from "../support/app.ts";
import { makeAuthApp, ORIGIN } from "../support/auth.ts";
import { browser, finish, form, openSignIn, requestCode, signIn, submitCode } from "./flow.ts";

/** A new client address for every request, as an attacker rotating X-Forwarded-For sends. */
let n = 0;
const rotating = () => ({ "x-forwarded-for": `198.51.${(n >> 8) & 255}.${n++ & 255}` });

describe("sign-in codes under attack", () => {
  it("spends a code after five wrong guesses, even from rotating addresses; a new code works", async () => {
    const env = await makeAuthApp();
    const b = await openSignIn(env);
    const code = await requestCode(env, b, "victim@example.org");
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 5; i++) {
      const guess = await submitCode(b, wrong, rotating());
      expect(guess.status).toBe(200);
    }
    // The right code no longer works: the guesses were counted on the code itself.
    const late = await submitCode(b, code, rotating());
    expect(late.status).toBe(200);
    expect(await late.text()).toContain("Send a new code");
    const fresh = await requestCode(env, b, "victim@example.org", rotating());
    const done = await finish(b, await submitCode(b, fresh, rotating()));
    expect(done.status).toBe(302);
  });

  it("counts guesses made by replaying a saved sign-in cookie", async () => {
    const env = await makeAuthApp();
    const b = await openSignIn(env);
    const code = await requestCode(env, b, "victim@example.org");
    // The attacker keeps the cookie from before any guess and sends it with every guess.
    const saved = b.jar.header();
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 6; i++) {
      const res = await env.request(
        "/email/authorize",
        form({ code: wrong, action: "verify" }, { cookie: saved, ...rotating() }),
      );
      expect(res.status).toBe(200);
    }
    const res = await env.request(
      "/email/authorize",
      form({ code, action: "verify" }, { cookie: saved, ...rotating() }),
    );
    expect(res.status).toBe(200);
  });

  it("limits checks per email across codes, so requesting new codes does not buy guesses", async () => {
    const env = await makeAuthApp();
    const b = await openSignIn(env);
    let limited = false;
    for (let round = 0; round < 4 && !limited; round++) {
      const code = await requestCode(env, b, "victim@example.org", rotating());
      const wrong = String((Number(code) + 3) % 1_000_000).padStart(6, "0");
      for (let i = 0; i < 5; i++) {
        const res = await submitCode(b, wrong, rotating());
        if (res.status === 429) limited = true;
      }
    }
    // 15 checks per email an hour: the fourth code's checks are refused.
    expect(limited).toBe(true);
  });

  it("does not accept one email's code for another", async () => {
    const env = await makeAuthApp();
    const mallory = await openSignIn(env);
    const own = await requestCode(env, mallory, "mallory@example.org");
    const victim = await openSignIn(env);
    await requestCode(env, victim, "victim@example.org");
    // Mallory's own right code, submitted in a sign-in for the victim.
    const res = await submitCode(victim, own);
    expect(res.status).toBe(200);
  });

  it("counts code requests per normalised email: case, space and full-width variants are one address", async () => {
    const env = await makeAuthApp();
    const variants = [
      "victim@example.com",
      "Victim@Example.com ",
      " VICTIM@EXAMPLE.COM",
      "\uff56ictim@example.com",
      "victim@EXAMPLE.com\t",
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await env.request(
        "/email/authorize",
        form({ email: variants[i % variants.length] ?? "", action: "request" }, rotating()),
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    expect([...env.codes.keys()]).toEqual(["victim@example.com"]);
  });

  it("answers an over-long or hostile email with the form again, never a server error", async () => {
    const env = await makeAuthApp();
    for (const email of [
      `${"a".repeat(3000)}@example.org`,
      `${"a".repeat(3000)}`,
      `${"a@".repeat(1500)}`,
      " \t ".repeat(1000),
    ]) {
      const res = await env.request(
        "/email/authorize",
        form({ email, action: "request" }, { "x-forwarded-for": "x".repeat(3000) }),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Enter a valid email address");
    }
    expect(env.codes.size).toBe(0);
  });

  it("checks addresses without backtracking, whatever their length", () => {
    expect(isEmailAddress("a@b.org")).toBe(true);
    expect(isEmailAddress(`${"a".repeat(100_000)}@b`)).toBe(false);
    expect(isEmailAddress(`a@${".".repeat(200)}`)).toBe(false);
    expect(isEmailAddress("a b@c.org")).toBe(false);
    expect(isEmailAddress("a@b@c.org")).toBe(false);
  });

  it("limits the issuer's token endpoint per refresh-token holder and per address", async () => {
    const ctx = await makeContext();
    const issuer = createIssuer({
      ctx,
      sendCode: async () => {},
      tokenLimits: {
        perAddress: { max: 8, windowSeconds: 60 },
        perSubject: { max: 3, windowSeconds: 600 },
      },
    });
    // The address limits key on is the socket's (http/client-address.ts), which the local
    // server passes as `env.incoming`; here each call brings its own unless one is given.
    let next = 0;
    const token = async (holder: string, address = `198.51.100.${next++}`) => {
      const res = await issuer.request(
        `${ORIGIN}/token`,
        form({ grant_type: "refresh_token", refresh_token: `user:${holder}:x` }),
        { incoming: { socket: { remoteAddress: address } } },
      );
      return res.status;
    };
    const victim = [await token("victim"), await token("victim"), await token("victim")];
    expect(victim).toEqual([400, 400, 400]);
    expect(await token("victim")).toBe(429);
    // Another holder is not affected by the victim's limit…
    expect(await token("other")).toBe(400);
    // …but one address cannot flood the endpoint with any holders.
    const one = "203.0.113.9";
    const flood: number[] = [];
    for (let i = 0; i < 10; i++) flood.push(await token(`h${i}`, one));
    expect(flood.slice(0, 8).every((s) => s === 400)).toBe(true);
    expect(flood.slice(8)).toEqual([429, 429]);
  });
});

describe("signing out", () => {
  it("ends the session at once: the access cookie, a rotated refresh token and token minting all stop", async () => {
    const env = await makeAuthApp();
    const jar = await signIn(env, "a@example.org");
    const cookieOf = (name: string, header = jar.header()) =>
      new RegExp(`${name}=([^;]+)`).exec(header)?.[1] ?? "";
    const firstRefresh = cookieOf("gloss_refresh");
    // The access cookie expired and was dropped: the refresh token is rotated.
    const me = await env.request("/api/me", {
      headers: { cookie: `gloss_refresh=${firstRefresh}` },
    });
    expect(me.status).toBe(200);
    const renewed = browser(env);
    renewed.jar.store(me);
    const access = cookieOf("gloss_access", renewed.jar.header());
    const refresh = cookieOf("gloss_refresh", renewed.jar.header());
    expect(access.length).toBeGreaterThan(0);
    expect(refresh).not.toBe(firstRefresh);

    const out = await renewed.go("/api/auth/logout", {
      method: "POST",
      headers: { origin: ORIGIN },
    });
    expect(out.status).toBe(204);

    for (const cookie of [
      `gloss_access=${access}`,
      `gloss_refresh=${firstRefresh}`,
      `gloss_refresh=${refresh}`,
      `gloss_access=${cookieOf("gloss_access")}`,
    ]) {
      const res = await env.request("/api/me", { headers: { cookie } });
      expect(res.status, cookie.slice(0, 14)).toBe(401);
    }
    const mint = await env.request("/api/tokens", {
      method: "POST",
      headers: {
        cookie: `gloss_access=${access}`,
        origin: ORIGIN,
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "after sign-out" }),
    });
    expect(mint.status).toBe(401);
  });

  it("keeps other sessions of the same account signed in", async () => {
    const env = await makeAuthApp();
    const laptop = await signIn(env, "a@example.org");
    const phone = await signIn(env, "a@example.org");
    await env.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie: laptop.header(), origin: ORIGIN },
    });
    expect((await env.request("/api/me", { headers: { cookie: phone.header() } })).status).toBe(
      200,
    );
  });
});

describe("redirects", () => {
  it("normalises returnTo to a path on this site and refuses everything else (400)", async () => {
    const env = await makeAuthApp();
    for (const returnTo of [
      "/\t/evil.example",
      "/\\evil.example",
      "//evil.example",
      "/\n/x",
      "/%2F/evil.example",
      "/%5Cevil.example",
      "/%09/evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/ok\u0000",
      "/a/../\t/evil.example",
    ]) {
      const res = await env.request(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(res.status, JSON.stringify(returnTo)).toBe(400);
      expect((await res.json()).error.code).toBeTruthy();
    }
    const ok = await env.request(
      `/api/auth/login?returnTo=${encodeURIComponent("/d/doc_1?x=1#p")}`,
    );
    expect(ok.status).toBe(302);
    expect(safeReturnTo("/d/doc_1?x=1#p")).toBe("/d/doc_1?x=1#p");
    expect(safeReturnTo("/a/./b/../c")).toBe("/a/c");
  });

  it("never follows a tampered returnTo in the state cookie after sign-in", async () => {
    const env = await makeAuthApp();
    const b = await openSignIn(env);
    const code = await requestCode(env, b, "a@example.org");
    const verified = await submitCode(b, code);
    const callback = new URL(verified.headers.get("location") ?? "", ORIGIN);
    const state = callback.searchParams.get("state") ?? "";
    const done = await env.request(`${callback.pathname}${callback.search}`, {
      headers: {
        cookie: `gloss_oauth_state=${encodeURIComponent(`${state}|/\n/evil.example`)}`,
      },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/");
  });

  it("refuses an unregistered redirect_uri or client without redirecting anywhere", async () => {
    const env = await makeAuthApp();
    for (const query of [
      "client_id=gloss-web&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb",
      "client_id=gloss-web&response_type=code&redirect_uri=http%3A%2F%2Fgloss.test%2Fother",
      "client_id=evil&response_type=code&redirect_uri=http%3A%2F%2Fgloss.test%2Fapi%2Fauth%2Fcallback",
      "client_id=gloss-web&response_type=code&redirect_uri=javascript%3Aalert(1)",
    ]) {
      const res = await env.request(`/authorize?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
  });
});
