import { log } from "./log.ts";

/**
 * A response body that pulls pieces (text or bytes) from an async iterator as the client reads.
 * The first piece is awaited before this returns, so a problem found up front (unknown document,
 * storage down) is still an error response; a failure after that can only end the stream early,
 * and is logged as "<what> failed while streaming". A client that goes away ends the iterator.
 */
export async function pieceStream(
  pieces: AsyncIterable<string | Uint8Array>,
  what: string,
  requestId: string,
): Promise<ReadableStream<Uint8Array>> {
  const iterator = pieces[Symbol.asyncIterator]();
  const first = await iterator.next();
  const encoder = new TextEncoder();
  const bytes = (piece: string | Uint8Array) =>
    typeof piece === "string" ? encoder.encode(piece) : piece;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(bytes(first.value));
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(bytes(next.value));
      } catch (error) {
        log("error", `${what} failed while streaming`, {
          requestId,
          error: error instanceof Error ? error.message : String(error),
        });
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
