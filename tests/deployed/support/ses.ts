import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  configurationSet?: string;
}

/**
 * An SES-compatible endpoint on loopback: the SESv2 `SendEmail` operation (REST-JSON,
 * `POST /v2/email/outbound-emails`), enough for the SDK client the issuer builds when
 * AWS_ENDPOINT_URL_SESV2 points at it. Every other call is answered as SES answers an unknown one.
 */
export async function startSes() {
  const sent: SentEmail[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/v2/email/outbound-emails") {
      res.writeHead(404, {
        "content-type": "application/json",
        "x-amzn-errortype": "NotFoundException",
      });
      res.end(JSON.stringify({ message: `no such operation ${req.method} ${req.url}` }));
      return;
    }
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    sent.push({
      from: input.FromEmailAddress,
      to: input.Destination?.ToAddresses ?? [],
      subject: input.Content?.Simple?.Subject?.Data ?? "",
      text: input.Content?.Simple?.Body?.Text?.Data ?? "",
      ...(input.ConfigurationSetName ? { configurationSet: input.ConfigurationSetName } : {}),
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ MessageId: `0100-${sent.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
