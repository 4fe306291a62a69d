// HTML of the authorization endpoint: the consent page (app name, requested
// scopes in plain language, admin sign-in, Approve / Deny) and the error page
// shown when the request cannot be sent back to the app. Plain server-rendered
// HTML, no scripts; every value is escaped.
import type { ServerResponse } from "node:http";

/** What each scope lets an app do, as the admin reads it on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  "domains:read": "See your domain's name and time zone",
  "campaigns:read": "See your campaigns and whether they are running",
  "users:read": "See your users: names, usernames and roles",
  "calllog:read": "Read your call logs: who called, when, for how long, and which agent answered",
  "recordings:read": "Download your call recordings",
  "transcripts:read": "Read your call transcripts",
  "voicestream:manage": "Receive live call audio (VoiceStream) and manage its subscriptions",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `
  :root { color-scheme: light; --brand: #0a5fb4; --brand-dark: #084a8c; --ink: #1b2430; --muted: #5b6675; --line: #d5dbe3; --error: #b3261e; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f2f5f8; }
  header { background: var(--brand); color: #fff; padding: 0.75rem 1.5rem; font-weight: 700; letter-spacing: 0.02em; }
  header span { font-weight: 400; opacity: 0.9; margin-left: 0.5rem; }
  main { max-width: 34rem; margin: 2rem auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 2rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
  h2 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
  p { margin: 0.5rem 0; }
  .muted { color: var(--muted); font-size: 0.9rem; }
  ul.scopes { list-style: none; padding: 0; margin: 0; border: 1px solid var(--line); border-radius: 6px; }
  ul.scopes li { padding: 0.6rem 0.9rem; border-top: 1px solid var(--line); }
  ul.scopes li:first-child { border-top: 0; }
  ul.scopes code { display: block; font-size: 0.8rem; color: var(--muted); margin-left: 1.6rem; }
  label.scope { display: inline; font-weight: 400; margin: 0; }
  label.scope input { width: auto; margin-right: 0.4rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { width: 100%; padding: 0.55rem 0.7rem; border: 1px solid #8a95a3; border-radius: 4px; font: inherit; }
  input:focus, button:focus { outline: 3px solid #7db7f0; outline-offset: 1px; }
  .alert { border: 1px solid var(--error); background: #fdf1f0; color: var(--error); padding: 0.6rem 0.9rem; border-radius: 6px; margin: 1rem 0; }
  .actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
  button { font: inherit; font-weight: 600; padding: 0.6rem 1.4rem; border-radius: 4px; cursor: pointer; border: 1px solid var(--brand); }
  button.approve { background: var(--brand); color: #fff; }
  button.approve:hover { background: var(--brand-dark); }
  button.deny { background: #fff; color: var(--brand); }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Five9</title>
<style>${STYLE}</style>
</head>
<body>
<header>Five9<span>Admin Console</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface ConsentView {
  pendingId: string;
  appName: string;
  /** Domain-bound API client: the domain it belongs to (only its admins may approve). */
  domainName: string | null;
  scopes: string[];
  redirectUri: string;
  username?: string;
  error?: string;
}

export function renderConsentPage(view: ConsentView): string {
  const app = escapeHtml(view.appName);
  const redirectOrigin = new URL(view.redirectUri).origin;
  // Each scope can be unticked: the admin may grant less than the app asks for (RFC 6749 §3.3).
  const scopes = view.scopes
    .map((s, i) => `<li><label class="scope"><input type="checkbox" name="scope" value="${escapeHtml(s)}" id="scope-${i}" checked> ${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)}</label><code>${escapeHtml(s)}</code></li>`)
    .join("\n");
  const who = view.domainName ? `an administrator of the domain <strong>${escapeHtml(view.domainName)}</strong>` : "an administrator of your Five9 domain";
  return layout(`Authorize ${view.appName}`, `
<h1>Authorize ${app}</h1>
<p><strong>${app}</strong> is asking for access to your Five9 domain. Sign in as ${who} to approve or deny.</p>
${view.error ? `<div class="alert" role="alert" id="sign-in-error">${escapeHtml(view.error)}</div>` : ""}
<form method="post" action="/oauth2/v1/authorize">
  <input type="hidden" name="pending" value="${escapeHtml(view.pendingId)}">
  <input type="hidden" name="scopes_shown" value="1">
  <h2 id="scopes-heading">${app} will be able to:</h2>
  <ul class="scopes" aria-labelledby="scopes-heading">
${scopes}
  </ul>
  <p class="muted">After your decision you will be sent back to <strong>${escapeHtml(redirectOrigin)}</strong>. You can remove this access later in Admin Console.</p>
  <h2>Administrator sign-in</h2>
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required value="${escapeHtml(view.username ?? "")}"${view.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : ""}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${view.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : ""}>
  <div class="actions">
    <button class="approve" type="submit" name="decision" value="approve">Approve</button>
    <button class="deny" type="submit" name="decision" value="deny" formnovalidate>Deny</button>
  </div>
</form>`);
}

export function renderErrorPage(message: string): string {
  return layout("Authorization error", `
<h1>This authorization request can't be completed</h1>
<div class="alert" role="alert">${escapeHtml(message)}</div>
<p class="muted">The app that sent you here is misconfigured or the link has expired. Go back to the app and start again, or contact its publisher.</p>`);
}

/** Headers for both pages: never cached, never framed (clickjacking), no scripts. */
export function sendHtml(res: ServerResponse, status: number, html: string, formTargetOrigin?: string): void {
  // form-action also governs where the POST may redirect to, so the app's origin is allowed.
  const formAction = ["'self'", formTargetOrigin].filter(Boolean).join(" ");
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    pragma: "no-cache",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(html);
}
