// A stand-in for Lambda's Node.js runtime, run as `node runtime.mjs` with the bundle folder as
// the working directory (as /var/task is) and only a deployed function's environment. It
// defines the `awslambda` streaming global before the handler loads, imports `_HANDLER` from the
// folder, and listens on loopback:
// - `POST /2015-03-31/functions/function/invocations` invokes the handler with the JSON body as
//   the event (the path of AWS's Runtime Interface Emulator), for S3, Cron or failure events;
// - any other request is turned into a Function URL event (payload 2.0), as the Function URL
//   service does, and the handler's answer (buffered or streamed) back into an HTTP response.
// It prints `{"port":N}` once listening. Plain JavaScript: it must not depend on the repository.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";

const metadata = new WeakMap();
const streaming = new WeakSet();
globalThis.awslambda = {
  streamifyResponse(handler) {
    streaming.add(handler);
    return handler;
  },
  HttpResponseStream: {
    from(stream, meta) {
      metadata.set(stream, meta);
      return stream;
    },
  },
};

// What the harness tells this process and a function never sees: the Function URL domain it
// serves as, and where the Function URL domains of the stage answer (as DNS and TLS would make
// `https://<id>.lambda-url.<region>.on.aws` reach that function).
const domain = process.env.GLOSS_HARNESS_DOMAIN ?? "function.lambda-url.invalid";
const hosts = JSON.parse(process.env.GLOSS_HARNESS_HOSTS ?? "{}");
delete process.env.GLOSS_HARNESS_DOMAIN;
delete process.env.GLOSS_HARNESS_HOSTS;
const networkFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const target = hosts[url.host];
  if (!target) return networkFetch(input, init);
  const local = `${target}${url.pathname}${url.search}`;
  return networkFetch(input instanceof Request ? new Request(local, input) : local, init);
};

const [file, exportName] = (process.env._HANDLER ?? "bundle.handler").split(".");
const handler = (await import(pathToFileURL(join(process.cwd(), `${file}.mjs`)).href))[exportName];
if (typeof handler !== "function") throw new Error(`${process.env._HANDLER} is not a function`);

function context(awsRequestId = randomUUID()) {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? "function";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? "1024",
    awsRequestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => 30_000,
  };
}

const TEXT = /^(text\/|application\/(json|x-www-form-urlencoded|xml|[^;]*\+json))/;

function functionUrlEvent(req, body, host) {
  const url = new URL(req.url, "http://function");
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "cookie") continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  headers.host = host;
  const cookies = req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined;
  const text = TEXT.test(headers["content-type"] ?? "");
  const now = new Date();
  const query = url.search.slice(1);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: query,
    ...(cookies ? { cookies } : {}),
    headers: {
      ...headers,
      "x-amzn-trace-id": `Root=1-${randomBytes(4).toString("hex")}-${randomBytes(12).toString("hex")}`,
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      // The Function URL service puts the address of whoever connected to it here: through
      // CloudFront, an edge server's address.
      "x-forwarded-for": [headers["x-forwarded-for"], req.socket.remoteAddress]
        .filter(Boolean)
        .join(", "),
    },
    ...(query ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: host.split(".")[0],
      domainName: host,
      domainPrefix: host.split(".")[0],
      http: {
        method: req.method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: req.socket.remoteAddress,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length
      ? text
        ? { body: body.toString("utf8"), isBase64Encoded: false }
        : { body: body.toString("base64"), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

async function invoke(event, requestId) {
  if (!streaming.has(handler)) {
    const result = await handler(event, context(requestId));
    return {
      statusCode: result?.statusCode ?? 200,
      headers: result?.headers ?? {},
      multiValueHeaders: result?.multiValueHeaders ?? {},
      cookies: result?.cookies ?? [],
      body: result?.body
        ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8")
        : Buffer.alloc(0),
    };
  }
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await handler(event, stream, context(requestId));
  const meta = metadata.get(stream) ?? {};
  return {
    statusCode: meta.statusCode ?? 200,
    headers: meta.headers ?? {},
    multiValueHeaders: {},
    cookies: meta.cookies ?? [],
    body: Buffer.concat(chunks),
  };
}

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  try {
    if (req.url === "/2015-03-31/functions/function/invocations") {
      const result = await handler(JSON.parse(body.toString("utf8")), context());
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(result ?? null));
      return;
    }
    const requestId = randomUUID();
    const answer = await invoke(functionUrlEvent(req, body, domain), requestId);
    // Function URLs name the invocation in every response.
    const headers = { ...answer.headers, "x-amzn-requestid": requestId };
    for (const [name, values] of Object.entries(answer.multiValueHeaders)) headers[name] = values;
    if (answer.cookies.length) headers["set-cookie"] = answer.cookies;
    res.writeHead(answer.statusCode, headers);
    res.end(answer.body);
  } catch (error) {
    // Lambda answers an invocation that threw with 502 at a Function URL.
    console.error(
      JSON.stringify({ runtime: "invoke failed", error: String(error?.stack ?? error) }),
    );
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ errorMessage: String(error?.message ?? error) }));
  }
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
