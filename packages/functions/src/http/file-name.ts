/**
 * A name (a workspace's) as part of a download's ASCII file name: accents dropped, every run of
 * other characters one hyphen, lower case, at most 60 characters; `workspace` when none is left.
 */
export function asciiSlug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .toLowerCase() || "workspace"
  );
}
