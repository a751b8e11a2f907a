/**
 * The runtime import graph of a source tree, and its cycles. A module's runtime imports are its
 * `import … from` / `export … from` / `import "…"` statements with a relative specifier, except
 * those erased by TypeScript: `import type`, `export type`, and imports whose every named
 * specifier is `type X`. Dynamic `import()` is left out on purpose: it runs after every module
 * has loaded, so it cannot make an initialisation-order cycle. Imports between packages
 * (`@gloss/…`) are left out too: the packages form a chain (core ← functions ← local) that their
 * package.json dependencies already keep acyclic.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SOURCE = /\.(ts|tsx)$/;

/** One `import`/`export … from` statement; the clause is what sits between the keyword and `from`. */
const STATEMENT =
  /^[ \t]*(import|export)[ \t]+((?:type[ \t]+)?(?:\{[^}]*\}|\*(?:[ \t]+as[ \t]+[\w$]+)?|[\w$]+(?:[ \t]*,[ \t]*(?:\{[^}]*\}|\*[ \t]+as[ \t]+[\w$]+))?))[ \t\n]+from[ \t]*["']([^"']+)["']/gm;
const SIDE_EFFECT = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;

/** Removes block and line comments (a specifier never holds `/*` or a `//` at a line's start). */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^[ \t]*\/\/.*$/gm, "");
}

/** True when TypeScript erases the statement: `import type`, or named imports all marked `type`. */
export function isTypeOnly(clause: string): boolean {
  if (/^type[ \t]/.test(clause)) return true;
  const named = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!named?.[1]) return false;
  const specifiers = named[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return specifiers.length > 0 && specifiers.every((s) => /^type[ \t\n]/.test(s));
}

/** The relative specifiers a module imports at run time. */
export function runtimeSpecifiers(source: string): string[] {
  const text = stripComments(source);
  const found: string[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    const [, , clause = "", specifier = ""] = m;
    if (!isTypeOnly(clause)) found.push(specifier);
  }
  for (const m of text.matchAll(SIDE_EFFECT)) found.push(m[1] ?? "");
  return found.filter((s) => s.startsWith("."));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function resolveSpecifier(from: string, specifier: string, known: Set<string>): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, "index.ts"),
    join(base, "index.tsx"),
  ];
  // Sources written for Node's ESM resolution may say `.js` for a `.ts` file.
  if (base.endsWith(".js"))
    candidates.push(base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find((c) => known.has(c)) ?? null;
}

/** Module → the modules it imports at run time, every path relative to `root`. */
export function importGraph(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = runtimeSpecifiers(readFileSync(file, "utf8"))
      .map((s) => resolveSpecifier(file, s, known))
      .filter((t): t is string => t !== null)
      .map((t) => relative(root, t));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one module, or of one that imports itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}
