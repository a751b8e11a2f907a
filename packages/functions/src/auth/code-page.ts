/**
 * The sign-in pages of the code provider: self-contained HTML (no CDN, no script), with every
 * user-supplied value escaped. OpenAuth's own UI loads fonts and CSS from the internet, which a
 * Gloss running offline cannot.
 */
export type CodeState = { type: "start" } | { type: "code"; email: string; resend?: boolean };
export type CodeError =
  | { type: "invalid_email" }
  | { type: "invalid_code" }
  | { type: "code_spent" };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f5f1;color:#1d2125;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #ddd;border-radius:8px;padding:2rem;width:min(22rem,90vw)}
h1{font-family:Georgia,serif;font-weight:normal;margin:0 0 1rem}label{display:block;margin:.8rem 0 .3rem}
input{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #bbb;border-radius:4px}
button{margin-top:1rem;width:100%;padding:.6rem;font-size:1rem;background:#1d2125;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#b3261e}.hint{color:#555;font-size:.9rem}`;

function page(body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in · Gloss</title><style>${STYLE}</style></head><body><main><h1>Gloss</h1>${body}</main></body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      "Cache-Control": "no-store",
    },
  });
}

const MESSAGES: Record<CodeError["type"], string> = {
  invalid_email: "Enter a valid email address.",
  invalid_code: "That code is not right. Try again.",
  code_spent: "This code no longer works. Send a new code.",
};

export function codePage(state: CodeState, error?: CodeError): Response {
  const message = error ? `<p class="error">${MESSAGES[error.type]}</p>` : "";
  if (state.type === "start") {
    return page(`<form method="post">
<p class="hint">Sign in with a one-time code sent to your email.</p>
${message}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" maxlength="254" required autofocus>
<input type="hidden" name="action" value="request"><button type="submit">Send code</button></form>`);
  }
  const email = escapeHtml(state.email);
  return page(`<form method="post">
<p class="hint">${state.resend ? "A new code was sent" : "A code was sent"} to <strong>${email}</strong>.</p>
${message}
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<input type="hidden" name="action" value="verify"><button type="submit">Sign in</button></form>
<form method="post"><input type="hidden" name="email" value="${email}"><input type="hidden" name="action" value="resend"><button type="submit" style="background:#666">Send a new code</button></form>`);
}
