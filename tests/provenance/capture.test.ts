import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Resolver, refusedAddress } from "@gloss/core/capture";
import { createApp } from "@gloss/functions/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext, makeTestApp } from "../support/app.ts";
import { documentPath } from "../support/data.ts";
import { documentPrefix, sha256sumOf } from "./support.ts";

const ARTICLE = `<!doctype html><html><head><meta charset="utf-8"><title>Raid on the compound</title></head>
<body><nav>Home | World</nav><article><h1>Raid on the compound</h1>
<p>Police found 300 workers whose passports had been taken by the managers.</p>
<p>Several said they had been beaten for missing targets.</p></article><footer>© News</footer></body></html>`;

/** The loopback page server: every request it ever received, so tests can prove none arrived. */
const requests: string[] = [];
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/article") {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "last-modified": "Tue, 01 Apr 2025 08:00:00 GMT",
        etag: '"v1-article"',
      });
      return res.end(ARTICLE);
    }
    if (req.url === "/moved") {
      res.writeHead(301, { location: "/article" });
      return res.end();
    }
    if (req.url === "/to-private") {
      res.writeHead(302, { location: "http://10.0.0.7/admin" });
      return res.end();
    }
    if (req.url === "/to-metadata") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    if (req.url === "/to-private-name") {
      res.writeHead(302, { location: "http://intranet.test/" });
      return res.end();
    }
    if (req.url?.startsWith("/loop")) {
      res.writeHead(302, { location: `/loop${Number(req.url.slice(5) || 0) + 1}` });
      return res.end();
    }
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(`<p>${"x".repeat(50_000)}</p>`);
    }
    if (req.url === "/slow") {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>");
      return; // never ends
    }
    res.writeHead(404);
    res.end("no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver that never asks DNS: names map to fixed addresses; counts lookups. */
function fakeResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw new Error("NXDOMAIN");
    return addresses.map(
      (address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const,
    );
  };
  return Object.assign(resolver, { calls });
}

const NAMES = {
  "news.test": ["127.0.0.1"],
  "intranet.test": ["10.20.30.40"],
  "mixed.test": ["127.0.0.1", "192.168.1.10"],
  "metadata.test": ["169.254.169.254"],
  "v6-ula.test": ["fd12:3456::1"],
};

async function appWith(policy: Parameters<typeof createApp>[0]["capture"]) {
  const ctx = await makeContext();
  return makeTestApp({ ctx, ...{} }).then(async (t) => {
    const app = createApp({ ctx, capture: policy });
    const call = async (path: string, body: unknown) => {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    return {
      ...t,
      app,
      capture: (url: string) =>
        call(`/api/workspaces/${t.workspaceId}/documents/captures`, { url }),
      post: call,
    };
  });
}

describe("refusing addresses a capture may not reach", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "100.64.0.1",
    "169.254.169.254",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "ff02::1",
    "64:ff9b::a00:1",
    "2002:7f00:1::",
  ])("refuses %s", (address) => {
    expect(refusedAddress(address, { allowLoopback: false })).not.toBeNull();
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700::1111", "172.32.0.1", "100.128.0.1"])(
    "lets the public address %s through",
    (address) => {
      expect(refusedAddress(address, { allowLoopback: false })).toBeNull();
    },
  );

  it("lets loopback through only with the test switch, and never private ranges", () => {
    expect(refusedAddress("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(refusedAddress("::ffff:127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(refusedAddress("10.0.0.1", { allowLoopback: true })).not.toBeNull();
    expect(refusedAddress("169.254.169.254", { allowLoopback: true })).not.toBeNull();
  });
});

describe("Add from URL", () => {
  it("keeps the raw HTML as the original, the article as text, and the capture's provenance", async () => {
    const resolver = fakeResolver(NAMES);
    const t = await appWith({ resolver, allowLoopback: true });
    const reply = await t.capture(`http://news.test:${port}/moved`);
    expect(reply.status).toBe(201);
    const doc = reply.body;
    expect(doc).toMatchObject({
      title: "Raid on the compound",
      sourceUrl: `http://news.test:${port}/article`,
    });
    const text = await (await t.app.request(`${documentPath(t, doc.id)}/text`)).text();
    expect(text).toContain("Police found 300 workers");
    expect(text).not.toContain("© News");
    const provenance = await (await t.app.request(`${documentPath(t, doc.id)}/provenance`)).json();
    const [v1] = provenance.versions;
    expect(v1.source).toBe("url");
    expect(v1.capture).toMatchObject({
      requestedUrl: `http://news.test:${port}/moved`,
      finalUrl: `http://news.test:${port}/article`,
      redirects: [`http://news.test:${port}/moved`],
      status: 200,
      address: "127.0.0.1",
      lastModified: "Tue, 01 Apr 2025 08:00:00 GMT",
      etag: '"v1-article"',
      via: "server",
    });
    expect(v1.capture.date).toMatch(/GMT$/);
    const prefix = documentPrefix(t.workspaceId, doc.id);
    const servedHash = createHash("sha256").update(ARTICLE).digest("hex");
    expect(v1.sourceSha256).toBe(servedHash);
    expect(v1.sourceSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/original/news.test.html`));
    expect(v1.textSha256).toBe(await sha256sumOf(t.ctx, `${prefix}v1/text.txt`));
    // One resolution per hop: the connection went to the address checked, not a second lookup.
    expect(resolver.calls).toEqual(["news.test", "news.test"]);
  });

  it("connects to the address it checked even when the name would resolve elsewhere next time", async () => {
    let answers = 0;
    const rebinding: Resolver = async () => [
      { address: answers++ === 0 ? "127.0.0.1" : "10.0.0.1", family: 4 },
    ];
    const t = await appWith({ resolver: rebinding, allowLoopback: true });
    const reply = await t.capture(`http://rebind.test:${port}/article`);
    expect(reply.status).toBe(201);
    expect(answers).toBe(1);
  });

  it.each([
    ["/to-private", "a redirect to a private address"],
    ["/to-metadata", "a redirect to the metadata service"],
    ["/to-private-name", "a redirect to a name resolving to a private address"],
  ])("refuses %s (%s) before connecting", async (path) => {
    const t = await appWith({ resolver: fakeResolver(NAMES), allowLoopback: true });
    const reply = await t.capture(`http://news.test:${port}${path}`);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe("capture.address_refused");
  });

  it.each([
    ["http://intranet.test/", 403, "capture.address_refused"],
    ["http://mixed.test/", 403, "capture.address_refused"],
    ["http://metadata.test/latest/meta-data/", 403, "capture.address_refused"],
    ["http://v6-ula.test/", 403, "capture.address_refused"],
    ["http://unknown.test/", 422, "capture.dns_failed"],
    ["ftp://news.test/file", 400, "capture.bad_scheme"],
    ["file:///etc/passwd", 400, "capture.bad_scheme"],
    ["javascript:alert(1)", 400, "capture.bad_scheme"],
    ["http://user:secret@news.test/", 400, "capture.credentials_in_url"],
    ["not a url", 400, "capture.bad_url"],
  ])("refuses %s with %i %s", async (url, status, code) => {
    const t = await appWith({ resolver: fakeResolver(NAMES), allowLoopback: false });
    const reply = await t.capture(url);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
  });

  it("stops after five redirects, over the size limit and after the time limit", async () => {
    const t = await appWith({
      resolver: fakeResolver(NAMES),
      allowLoopback: true,
      maxBytes: 10_000,
      timeoutMs: 800,
    });
    const loop = await t.capture(`http://news.test:${port}/loop0`);
    expect([loop.status, loop.body.error.code]).toEqual([422, "capture.too_many_redirects"]);
    const big = await t.capture(`http://news.test:${port}/big`);
    expect([big.status, big.body.error.code]).toEqual([413, "capture.too_large"]);
    const slow = await t.capture(`http://news.test:${port}/slow`);
    expect([slow.status, slow.body.error.code]).toEqual([422, "capture.timeout"]);
    const missing = await t.capture(`http://news.test:${port}/gone`);
    expect([missing.status, missing.body.error.code]).toEqual([422, "capture.http_status"]);
  });

  it("refuses loopback in the app as deployed (no switch), in every spelling, without a connection", async () => {
    // The app exactly as deployed: no capture option at all (system resolver, loopback refused).
    // Only address literals below, so the system resolver is never asked.
    const base = await makeTestApp();
    const deployed = createApp({ ctx: base.ctx });
    const t = {
      ...base,
      call: async (method: string, path: string, body: unknown) => {
        const res = await deployed.request(path, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      },
    };
    const before = requests.length;
    for (const host of [
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `2130706433:${port}`,
      `0177.0.0.1:${port}`,
      `0x7f.0.0.1:${port}`,
      `0x7f000001:${port}`,
      `127.1:${port}`,
      `0.0.0.0:${port}`,
      "169.254.169.254",
      "[fe80::1]",
      "[fd00::1]",
      "10.0.0.1",
      "192.168.1.1",
    ]) {
      const reply = await t.call("POST", `/api/workspaces/${t.workspaceId}/documents/captures`, {
        url: `http://${host}/article`,
      });
      expect([host, reply.status, reply.body.error.code]).toEqual([
        host,
        403,
        "capture.address_refused",
      ]);
    }
    expect(requests.length).toBe(before);
  });
});

describe("Send to Gloss", () => {
  it("keeps the HTML the browser sent, with its URL, as a browser capture", async () => {
    const t = await makeTestApp();
    const reply = await t.call("POST", `/api/workspaces/${t.workspaceId}/documents/sent-pages`, {
      url: "https://paywalled.example.org/story?id=7",
      html: ARTICLE,
    });
    expect(reply.status).toBe(201);
    const provenance = await t.call("GET", `${documentPath(t, reply.body.id)}/provenance`);
    expect(provenance.body.versions[0]).toMatchObject({
      source: "url",
      sourceSha256: createHash("sha256").update(ARTICLE).digest("hex"),
      capture: {
        finalUrl: "https://paywalled.example.org/story?id=7",
        via: "browser",
        status: null,
      },
    });
    const bad = await t.call("POST", `/api/workspaces/${t.workspaceId}/documents/sent-pages`, {
      url: "javascript:alert(1)",
      html: ARTICLE,
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, "capture.bad_scheme"]);
  });
});
