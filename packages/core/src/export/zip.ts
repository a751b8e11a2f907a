export interface ZipEntry {
  name: string;
  content: AsyncIterable<string | Uint8Array>;
}

/**
 * A zip archive written as it is read: entries one after another, each deflated chunk by chunk
 * (fflate's streaming Zip, which writes sizes and CRCs in data descriptors after each entry, so
 * nothing is buffered beyond the current chunk). Strings are written as UTF-8.
 */
export async function* zipStream(
  entries: AsyncIterable<ZipEntry>,
  mtime: Date,
): AsyncGenerator<Uint8Array> {
  // Loaded here, not at the top: only the REFI-QDA project export zips, and the API Lambda's
  // cold start should not parse fflate (bench/README.md, "Lambda").
  const { Zip, ZipDeflate } = await import("fflate");
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  const encoder = new TextEncoder();
  function* drain() {
    if (failure) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  }
  for await (const entry of entries) {
    const file = new ZipDeflate(entry.name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    for await (const chunk of entry.content) {
      file.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}
