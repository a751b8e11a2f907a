import { GlossError } from "../error/index.ts";

/**
 * The search query language (see docs/search.md):
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*        -- juxtaposition is AND
 *   unary   := "NOT" unary | near
 *   near    := primary ("NEAR/" n primary)*  -- left-associative, n in 1..MAX_NEAR
 *   primary := WORD | WORD* | "a phrase" | "(" query ")"
 *
 * Operators are upper case; "and", "or", "not" in lower case are words. Inside quotes every
 * character is literal, `*` included.
 */
export type QueryNode =
  | { kind: "term"; text: string; phrase: boolean; prefix: boolean }
  | { kind: "and"; children: QueryNode[] }
  | { kind: "or"; children: QueryNode[] }
  | { kind: "not"; child: QueryNode }
  | { kind: "near"; left: QueryNode; right: QueryNode; distance: number };

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_TERMS = 32;
export const MAX_NEAR = 100;

type Token =
  | { type: "word"; text: string }
  | { type: "phrase"; text: string }
  | { type: "and" | "or" | "not" | "open" | "close" }
  | { type: "near"; distance: number };

function invalid(message: string): GlossError {
  return new GlossError("malformed", "search.query_invalid", message);
}

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i++;
    } else if (ch === '"') {
      const close = input.indexOf('"', i + 1);
      if (close === -1) throw invalid("a phrase is missing its closing quote");
      const text = input.slice(i + 1, close).trim();
      if (text === "") throw invalid("an empty phrase matches nothing");
      tokens.push({ type: "phrase", text });
      i = close + 1;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ type: ch === "(" ? "open" : "close" });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/[\s"()]/u.test(input[j]!)) j++;
      const word = input.slice(i, j);
      i = j;
      if (word === "AND") tokens.push({ type: "and" });
      else if (word === "OR") tokens.push({ type: "or" });
      else if (word === "NOT") tokens.push({ type: "not" });
      else if (word.startsWith("NEAR/")) {
        const distance = Number(word.slice(5));
        if (!Number.isInteger(distance) || distance < 1 || distance > MAX_NEAR) {
          throw invalid(`NEAR/n needs a whole number n from 1 to ${MAX_NEAR}, not ${word}`);
        }
        tokens.push({ type: "near", distance });
      } else tokens.push({ type: "word", text: word });
    }
  }
  return tokens;
}

function termOf(token: Token): QueryNode {
  if (token.type === "phrase") {
    return { kind: "term", text: token.text, phrase: true, prefix: false };
  }
  if (token.type !== "word") throw new Error("not a term");
  const prefix = token.text.endsWith("*");
  const text = prefix ? token.text.slice(0, -1) : token.text;
  if (text === "") throw invalid("a wildcard needs at least one letter before the *");
  if (text.includes("*")) {
    throw invalid(`only a trailing * is a wildcard ("traffick*"), not "${token.text}"`);
  }
  return { kind: "term", text, phrase: false, prefix };
}

/** Parses a query; throws `search.query_invalid` (400) with what is wrong. */
export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) {
    throw invalid(`a query is at most ${MAX_QUERY_LENGTH} characters`);
  }
  const tokens = lex(input);
  if (tokens.length === 0) throw invalid("the query is empty");
  let at = 0;
  let terms = 0;
  const peek = () => tokens[at];

  const primary = (): QueryNode => {
    const token = tokens[at++];
    if (!token) throw invalid("the query ends where a word was expected");
    if (token.type === "open") {
      const inner = or();
      if (tokens[at++]?.type !== "close") throw invalid("a parenthesis is not closed");
      return inner;
    }
    if (token.type === "word" || token.type === "phrase") {
      if (++terms > MAX_TERMS) throw invalid(`a query has at most ${MAX_TERMS} terms`);
      return termOf(token);
    }
    throw invalid(`a word was expected where ${describe(token)} is`);
  };
  const near = (): QueryNode => {
    let left = primary();
    for (let token = peek(); token?.type === "near"; token = peek()) {
      at++;
      if (peek()?.type === "not") throw invalid("NEAR takes words or phrases, not NOT");
      left = { kind: "near", left, right: primary(), distance: token.distance };
    }
    return left;
  };
  const unary = (): QueryNode => {
    if (peek()?.type === "not") {
      at++;
      return { kind: "not", child: unary() };
    }
    return near();
  };
  const and = (): QueryNode => {
    const children = [unary()];
    for (
      let token = peek();
      token && token.type !== "or" && token.type !== "close";
      token = peek()
    ) {
      if (token.type === "and") at++;
      children.push(unary());
    }
    return children.length === 1 ? children[0]! : { kind: "and", children };
  };
  const or = (): QueryNode => {
    const children = [and()];
    while (peek()?.type === "or") {
      at++;
      children.push(and());
    }
    return children.length === 1 ? children[0]! : { kind: "or", children };
  };

  const root = or();
  if (at < tokens.length) throw invalid(`unexpected ${describe(tokens[at]!)}`);
  if (!positive(root)) {
    throw invalid("a query needs a word that is not negated: NOT alone finds no passage to show");
  }
  return root;
}

function describe(token: Token): string {
  switch (token.type) {
    case "word":
    case "phrase":
      return `"${token.text}"`;
    case "near":
      return `NEAR/${token.distance}`;
    case "open":
      return "(";
    case "close":
      return ")";
    default:
      return token.type.toUpperCase();
  }
}

/** True when every document the node matches has hits to show. */
function positive(node: QueryNode): boolean {
  switch (node.kind) {
    case "term":
    case "near":
      return true;
    case "not":
      return false;
    case "and":
      return node.children.some(positive);
    case "or":
      return node.children.every(positive);
  }
}
