import { createHash } from "node:crypto";
import { GlossError } from "../error/index.ts";

/**
 * Limits of a .qdpx archive. A project of a few hundred interview transcripts is tens of MB of
 * text; 256 MB decompressed leaves room for that and stays within a 1 GB Lambda, and no real
 * project has 10,000 files. A zip bomb (a few KB that inflate to gigabytes, or a million empty
 * entries) stops at these limits while it is being inflated, whatever its headers claim.
 */
export const ARCHIVE_LIMITS = {
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
};

/** The files of an archive by path; looked up case-insensitively (`Sources/` or `sources/`). */
export class Archive {
  private readonly byLowerName = new Map<string, Uint8Array>();

  constructor(readonly files: Map<string, Uint8Array>) {
    for (const [name, bytes] of files) this.byLowerName.set(name.toLowerCase(), bytes);
  }

  /**
   * SHA-256 of the archive's contents (each file's name and bytes, in name order), not of the zip:
   * the same project zipped again, with other timestamps or compression, is the same import.
   */
  digest(): string {
    const hash = createHash("sha256");
    for (const name of [...this.files.keys()].sort()) {
      const bytes = this.files.get(name)!;
      hash.update(`${name}\n${bytes.length}\n`).update(bytes);
    }
    return hash.digest("hex");
  }

  get(path: string): Uint8Array | undefined {
    return this.files.get(path) ?? this.byLowerName.get(path.toLowerCase());
  }

  /** The archive's .qde: `project.qde`, else the only `*.qde` at its top level. */
  projectFile(): { name: string; bytes: Uint8Array } | null {
    const exact = this.get("project.qde");
    if (exact) return { name: "project.qde", bytes: exact };
    const candidates = [...this.files.keys()].filter((n) => /^[^/]+\.qde$/i.test(n));
    return candidates.length === 1
      ? { name: candidates[0]!, bytes: this.files.get(candidates[0]!)! }
      : null;
  }
}

const tooLarge = (message: string) =>
  new GlossError("too_large", "refi.archive_too_large", message);

/**
 * Reads a zip whole, inflating entry by entry and counting as it goes. Not a zip: 415
 * `refi.not_a_zip`; a damaged one: 422 `refi.damaged_zip`; over the limits: 413.
 */
export async function readArchive(bytes: Uint8Array): Promise<Archive> {
  // "PK\x03\x04" (or an empty archive's "PK\x05\x06"): anything else is not a zip at all.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new GlossError(
      "unsupported",
      "refi.not_a_zip",
      "a .qdpx file is a zip archive; this is not one",
    );
  }
  const end = endRecord(bytes);
  if (!end) {
    throw new GlossError(
      "invalid",
      "refi.damaged_zip",
      "the archive is damaged or cut short: it has no end-of-archive record",
    );
  }
  // Checked again while inflating: the directory's count can lie (or be 0xFFFF in ZIP64).
  if (end.entries > ARCHIVE_LIMITS.maxEntries) {
    throw tooLarge(`the archive has ${end.entries} files; at most ${ARCHIVE_LIMITS.maxEntries}`);
  }
  const { Unzip, UnzipInflate, UnzipPassThrough } = await import("fflate");
  const files = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    entries += 1;
    if (entries > ARCHIVE_LIMITS.maxEntries) {
      failure = tooLarge(`the archive has more than ${ARCHIVE_LIMITS.maxEntries} files`);
      return;
    }
    if (file.name.endsWith("/")) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = error;
        return;
      }
      total += chunk.length;
      if (total > ARCHIVE_LIMITS.maxTotalBytes) {
        failure = tooLarge(
          `the archive inflates to more than ${ARCHIVE_LIMITS.maxTotalBytes / 1024 / 1024} MB`,
        );
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) files.set(file.name.replace(/^\.?\//, ""), concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  // Entries stored without compression (some tools store media, or everything, that way).
  unzip.register(UnzipPassThrough);
  try {
    // Pushed in slices so a bomb is stopped after a slice, not after inflating everything, and
    // small ones: fflate handles the entries of one push recursively, and thousands of tiny
    // entries in one push overflow the stack.
    const slice = 16 * 1024;
    for (let i = 0; i < bytes.length && !failure; i += slice) {
      unzip.push(bytes.subarray(i, i + slice), i + slice >= bytes.length);
    }
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  // Read through a function: TypeScript does not see the unzip callbacks' assignments.
  const failed = ((): Error | null => failure)();
  if (failed) {
    if (failed instanceof GlossError) throw failed;
    throw new GlossError(
      "invalid",
      "refi.damaged_zip",
      `the archive is damaged: ${failed.message}`,
    );
  }
  return new Archive(files);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The zip's end-of-central-directory record ("PK\x05\x06", within its last 64 KB): where the
 * archive says how many entries it has. Null when there is none (damaged or cut short).
 */
function endRecord(bytes: Uint8Array): { entries: number } | null {
  // The record is 22 bytes plus a comment of at most 65,535 bytes.
  const from = Math.max(0, bytes.length - 22 - 65_535);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      return { entries: bytes[i + 10]! | (bytes[i + 11]! << 8) };
    }
  }
  return null;
}
