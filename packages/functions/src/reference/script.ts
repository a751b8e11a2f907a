/**
 * Browser script of the API reference (plain ES2020, no build step). Builds DOM nodes with
 * textContent only: descriptions and examples are never parsed as HTML.
 */
export const referenceJs = `
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
};

const resolve = (spec, schema) => {
  let s = schema || {};
  for (let i = 0; s.$ref && i < 10; i++) s = spec.components.schemas[s.$ref.split("/").pop()] || {};
  return s;
};

const example = (spec, schema, depth = 0) => {
  const s = resolve(spec, schema);
  if (depth > 4) return null;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" || s.properties) {
    const out = {};
    for (const [k, v] of Object.entries(s.properties || {})) {
      if ((s.required || []).includes(k)) out[k] = example(spec, v, depth + 1);
    }
    return out;
  }
  if (type === "array") return [];
  if (type === "integer" || type === "number") return 0;
  if (type === "boolean") return false;
  return "";
};

const render = (spec) => {
  document.getElementById("summary").textContent =
    spec.info.title + " " + spec.info.version + " — OpenAPI " + spec.openapi + ". Requests are sent as you, from this page.";
  const main = document.getElementById("operations");
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || "Other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ path, method, op });
    }
  }
  for (const [tag, ops] of groups) {
    const section = el("section", { "data-tag": tag }, el("h2", { text: tag }));
    for (const { path, method, op } of ops) section.append(operation(spec, path, method, op));
    main.append(section);
  }
};

const operation = (spec, path, method, op) => {
  const details = el("details", { "data-search": (method + " " + path + " " + (op.summary || "") + " " + (op.tags || []).join(" ")).toLowerCase() });
  details.append(el("summary", {}, el("span", { class: "method " + method, text: method.toUpperCase() }), el("span", { class: "path", text: path }), el("span", { class: "muted", text: op.summary || "" })));
  const body = el("div", { class: "op" });
  if (op.description) body.append(el("p", { text: op.description }));
  if (op["x-gloss-access"]) body.append(el("p", { class: "muted", text: "Access: " + op["x-gloss-access"] }));
  const inputs = [];
  for (const p of op.parameters || []) {
    const id = "p-" + Math.random().toString(36).slice(2);
    const input = el("input", { type: "text", id, placeholder: p.in + (p.required ? ", required" : "") });
    inputs.push({ p, input });
    body.append(el("label", { for: id, text: p.name + " (" + p.in + ")" + (p.description ? " — " + p.description : "") }), input);
  }
  let bodyInput = null;
  const content = op.requestBody && op.requestBody.content;
  if (content && content["application/json"]) {
    bodyInput = el("textarea", { "aria-label": "JSON body" });
    bodyInput.value = JSON.stringify(example(spec, content["application/json"].schema), null, 2);
    body.append(el("label", { text: "JSON body" }), bodyInput);
  }
  const output = el("pre", { text: "" });
  const send = el("button", { type: "button", text: "Send" });
  send.addEventListener("click", async () => {
    let url = path;
    const query = new URLSearchParams();
    for (const { p, input } of inputs) {
      if (!input.value) continue;
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(input.value));
      else if (p.in === "query") query.set(p.name, input.value);
    }
    const qs = query.toString();
    const init = { method: method.toUpperCase(), headers: {} };
    if (bodyInput) { init.headers["content-type"] = "application/json"; init.body = bodyInput.value; }
    output.textContent = "…";
    try {
      const res = await fetch("/api" + url.replace(/^\\/api/, "") + (qs ? "?" + qs : ""), init);
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      output.textContent = res.status + " " + res.statusText + "\\n\\n" + shown;
    } catch (e) { output.textContent = "Request failed: " + e; }
  });
  body.append(send, output);
  const responses = el("ul", { class: "muted" });
  for (const [status, r] of Object.entries(op.responses || {})) responses.append(el("li", { text: status + " — " + (r.description || "") }));
  body.append(el("p", { class: "muted", text: "Responses" }), responses);
  details.append(body);
  return details;
};

document.getElementById("filter").addEventListener("input", (e) => {
  const q = e.target.value.toLowerCase();
  for (const d of document.querySelectorAll("details")) d.hidden = q !== "" && !d.dataset.search.includes(q);
});

fetch("/api/openapi.json").then((r) => r.json()).then(render).catch((e) => {
  document.getElementById("summary").textContent = "Could not load /api/openapi.json: " + e;
});
`;
