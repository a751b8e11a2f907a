import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { GlossError } from "../error/index.ts";
import { refusedAddress } from "./address.ts";
import type { Resolver } from "./resolver.ts";

/** Limits and the address policy of one capture. */
export interface FetchPolicy {
  resolver: Resolver;
  /**
   * Test-only: lets loopback through (tests serve pages from 127.0.0.1). Nothing in production
   * sets it: the app gets it only from `createApp`'s `capture` option, which tests alone pass.
   */
  allowLoopback: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_POLICY = {
  allowLoopback: false,
  // A long report page with inline images is a few MB; 20 MB is generous and bounds memory.
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 20_000,
  maxRedirects: 5,
} as const;

/** What a fetch brought back: the body and what it says about where it came from. */
export interface Fetched {
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  status: number;
  address: string;
  headers: { date: string | null; lastModified: string | null; etag: string | null };
  contentType: string | null;
  body: Uint8Array;
  fetchedAt: Date;
}

/** A page that could not be captured (422); a URL that may not be asked for is `malformed` (400). */
const refuse = (code: string, message: string) =>
  new GlossError("invalid", `capture.${code}`, message);
const badUrl = (code: string, message: string) =>
  new GlossError("malformed", `capture.${code}`, message);

/**
 * Parses a URL a capture may ask for: http or https only, no user name or password, the default
 * or an explicit port. The WHATWG parser already turns decimal, octal and hex IPv4 spellings
 * (`http://2130706433/`, `http://0177.0.0.1/`, `http://0x7f.1/`) into dotted form, so an address
 * literal is checked as the address it is.
 */
export function parseCaptureUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badUrl("bad_url", "not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badUrl("bad_scheme", `only http and https pages can be captured, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw badUrl("credentials_in_url", "a URL with a user name or password is refused");
  }
  if (!url.hostname) throw badUrl("bad_url", "the URL has no host");
  return url;
}

/** The host as an address literal (brackets of IPv6 removed), or null for a name. */
function literalOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/**
 * Resolves the URL's host and checks every address it resolves to (one bad address refuses the
 * host: which one a client picks is not ours to know). Returns the checked address the request
 * then connects to, so a second resolution (DNS rebinding) never happens.
 */
async function checkedAddress(
  url: URL,
  policy: FetchPolicy,
): Promise<{ address: string; family: 4 | 6 }> {
  const literal = literalOf(url.hostname);
  const family: 4 | 6 = literal && isIP(literal) === 6 ? 6 : 4;
  const candidates = literal
    ? [{ address: literal, family }]
    : await policy.resolver(url.hostname).catch(() => {
        throw refuse("dns_failed", `the host ${url.hostname} could not be resolved`);
      });
  if (candidates.length === 0) {
    throw refuse("dns_failed", `the host ${url.hostname} has no address`);
  }
  for (const candidate of candidates) {
    const why = refusedAddress(candidate.address, { allowLoopback: policy.allowLoopback });
    if (why) {
      throw new GlossError(
        "forbidden",
        "capture.address_refused",
        `${url.host} resolves to ${candidate.address}, ${why}: Gloss fetches public pages only`,
      );
    }
  }
  return candidates[0]!;
}

interface OneResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array | null;
}

/** One request to an already checked address; follows nothing. */
function requestOnce(
  url: URL,
  target: { address: string; family: 4 | 6 },
  policy: FetchPolicy,
  deadline: number,
): Promise<OneResponse> {
  // Connect to the checked address whatever the host name resolves to now.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(refuse("timeout", "the page took too long to answer"));
    const request = transport.request(
      url,
      {
        method: "GET",
        lookup,
        agent: false,
        headers: {
          "user-agent": "Gloss/1 (document capture for research; +https://gloss.example.org)",
          accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
          "accept-encoding": "identity",
        },
        timeout: remaining,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ status, headers: response.headers, body: null });
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > policy.maxBytes) {
          request.destroy();
          return reject(tooLarge(policy));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            request.destroy();
            reject(tooLarge(policy));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({
            status,
            headers: response.headers,
            body: new Uint8Array(Buffer.concat(chunks)),
          }),
        );
        response.on("error", reject);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      reject(refuse("timeout", "the page took too long to answer"));
    }, remaining);
    request.on("timeout", () => {
      request.destroy();
      reject(refuse("timeout", "the page took too long to answer"));
    });
    request.on("error", (error) => {
      reject(
        error instanceof GlossError
          ? error
          : refuse("fetch_failed", `the page could not be fetched: ${error.message}`),
      );
    });
    request.on("close", () => clearTimeout(timer));
    request.end();
  });
}

function tooLarge(policy: FetchPolicy) {
  return new GlossError(
    "too_large",
    "capture.too_large",
    `the page is larger than ${policy.maxBytes} bytes`,
  );
}

const header = (headers: http.IncomingHttpHeaders, name: string): string | null => {
  const value = headers[name];
  return typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? null) : null;
};

/**
 * Fetches a public web page: every hop's host resolved by the injected resolver and every address
 * checked before connecting, at most `maxRedirects` redirects (each checked the same way), the
 * body capped at `maxBytes`, the whole capture at `timeoutMs`.
 */
export async function fetchPage(raw: string, policy: FetchPolicy): Promise<Fetched> {
  const requested = parseCaptureUrl(raw);
  const deadline = Date.now() + policy.timeoutMs;
  const redirects: string[] = [];
  let url = requested;
  for (;;) {
    const target = await checkedAddress(url, policy);
    const response = await requestOnce(url, target, policy, deadline);
    if (response.body === null) {
      if (redirects.length >= policy.maxRedirects) {
        throw refuse("too_many_redirects", `more than ${policy.maxRedirects} redirects`);
      }
      redirects.push(url.href);
      let next: URL;
      try {
        next = new URL(header(response.headers, "location") ?? "", url);
      } catch {
        throw refuse("bad_redirect", "the page redirects to something that is not a URL");
      }
      url = parseCaptureUrl(next.href);
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      throw new GlossError(
        "invalid",
        "capture.http_status",
        `the page answered HTTP ${response.status}`,
      );
    }
    return {
      requestedUrl: requested.href,
      finalUrl: url.href,
      redirects,
      status: response.status,
      address: target.address,
      headers: {
        date: header(response.headers, "date"),
        lastModified: header(response.headers, "last-modified"),
        etag: header(response.headers, "etag"),
      },
      contentType: header(response.headers, "content-type"),
      body: response.body,
      fetchedAt: new Date(),
    };
  }
}
