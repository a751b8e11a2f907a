import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback endpoint of the global setup that hands test workers one shared resource. */
export interface Broker {
  /** `http://127.0.0.1:<port>/`: GET answers with what `describe` says of the resource. */
  url: string;
  /** Stops the endpoint, and the resource if it was started. */
  stop(): Promise<void>;
}

/**
 * Starts the resource on the first request for it (a run that never asks never pays for it) and
 * answers every request with `describe(resource)`; a start that failed answers 500 with its
 * error and is tried again on the next request.
 */
export async function startBroker<T>(resource: {
  start: () => Promise<T>;
  describe: (started: T) => string;
  stop: (started: T) => Promise<void>;
}): Promise<Broker> {
  let started: Promise<T> | null = null;
  const server: Server = createServer((_request, response) => {
    started ??= resource.start();
    started.then(
      (value) => response.end(resource.describe(value)),
      (error: unknown) => {
        started = null;
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      const value = await started?.catch(() => null);
      if (value) await resource.stop(value);
    },
  };
}
