// HTTP face of VoiceStream subscriptions: a JSON API under
// /_sim/domains/{domainId}/voicestream/subscriptions and a small admin page
// (Five9's Admin Console has no public API for this; the page stands in for it).
// Handlers are plain `(req, res, params)` functions so any router can mount them.
import { readJson, sendJson } from "../http/router";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { createSubscriptionSchema, SubscriptionInputError } from "./subscriptions";
import type { VoiceStreamSubscriptions } from "./subscriptions";

export type SubscriptionHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

export interface SubscriptionHandlers {
  createSubscription: SubscriptionHandler;
  listSubscriptions: SubscriptionHandler;
  getSubscription: SubscriptionHandler;
  validateSubscription: SubscriptionHandler;
  deleteSubscription: SubscriptionHandler;
  adminPage: SubscriptionHandler;
}

const json = (res: ServerResponse, status: number, body: unknown): void => sendJson(res, status, body);

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function createSubscriptionHandlers(subscriptions: VoiceStreamSubscriptions): SubscriptionHandlers {
  const domainOf = (params: Record<string, string>) => params.domainId ?? "";
  return {
    createSubscription: async (req, res, params) => {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (error) {
        return json(res, 400, { error: error instanceof Error ? error.message : "Body is not valid JSON" });
      }
      const parsed = createSubscriptionSchema.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: `Invalid subscription: ${issues(parsed.error)}` });
      try {
        json(res, 201, await subscriptions.create(domainOf(params), parsed.data));
      } catch (error) {
        if (!(error instanceof SubscriptionInputError)) throw error;
        json(res, error.status, { error: error.message });
      }
    },
    listSubscriptions: async (_req, res, params) => {
      json(res, 200, { subscriptions: subscriptions.list(domainOf(params)) });
    },
    getSubscription: async (_req, res, params) => {
      const sub = subscriptions.get(domainOf(params), params.id ?? "");
      if (!sub) return json(res, 404, { error: "No such subscription" });
      json(res, 200, sub);
    },
    validateSubscription: async (_req, res, params) => {
      const sub = await subscriptions.validate(domainOf(params), params.id ?? "");
      if (!sub) return json(res, 404, { error: "No such subscription" });
      json(res, 200, sub);
    },
    deleteSubscription: async (_req, res, params) => {
      if (!subscriptions.remove(domainOf(params), params.id ?? "")) return json(res, 404, { error: "No such subscription" });
      res.writeHead(204).end();
    },
    adminPage: async (req, res, params) => {
      const url = new URL(req.url ?? "/", "http://sim");
      const domainId = params.domainId ?? url.searchParams.get("domainId") ?? "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(adminHtml(domainId, domainId ? subscriptions.list(domainId) : []));
    },
  };
}

function adminHtml(domainId: string, subs: ReturnType<VoiceStreamSubscriptions["list"]>): string {
  const api = `/_sim/domains/${encodeURIComponent(domainId)}/voicestream/subscriptions`;
  const rows = subs
    .map(
      (s) => `<tr><td>${escapeHtml(s.name)}</td><td><code>${escapeHtml(s.grpcEndpoint)}</code></td><td><code>${escapeHtml(s.eventUrl)}</code></td>
<td>${escapeHtml(s.campaigns.join(", ") || "all")}</td><td class="${s.status}">${s.status}${s.failureReason ? `: ${escapeHtml(s.failureReason)}` : ""}</td>
<td><button data-validate="${escapeHtml(s.id)}">Validate</button> <button data-delete="${escapeHtml(s.id)}">Delete</button></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>VoiceStream subscriptions · Five9 simulator</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
label{display:block;margin:.5rem 0}input{width:28rem;padding:.3rem}.active{color:#070}.failed{color:#b00}.pending{color:#a60}#error{color:#b00}</style></head>
<body><h1>VoiceStream subscriptions</h1>
${domainId ? `<p>Domain <strong>${escapeHtml(domainId)}</strong></p>` : `<p>Open this page with <code>?domainId=…</code>.</p>`}
<table><thead><tr><th>Name</th><th>gRPC endpoint</th><th>Event URL</th><th>Campaigns</th><th>Status</th><th></th></tr></thead>
<tbody>${rows || `<tr><td colspan="6">No subscriptions yet.</td></tr>`}</tbody></table>
<h2>New subscription</h2>
<form id="create">
<label>Name <input name="name" required></label>
<label>gRPC endpoint (host:port) <input name="grpcEndpoint" required placeholder="127.0.0.1:50051"></label>
<label>Event URL <input name="eventUrl" type="url" required placeholder="https://…/five9/events"></label>
<label>Trust token <input name="trustToken" required minlength="8"></label>
<label>Campaigns (comma-separated, empty = all) <input name="campaigns"></label>
<button ${domainId ? "" : "disabled"}>Create and validate</button> <span id="error" role="alert"></span>
</form>
<script>
const api = ${JSON.stringify(api)};
const show = (t) => { document.getElementById("error").textContent = t; };
document.getElementById("create").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = { name: f.get("name"), grpcEndpoint: f.get("grpcEndpoint"), eventUrl: f.get("eventUrl"), trustToken: f.get("trustToken"),
    campaigns: String(f.get("campaigns") || "").split(",").map((s) => s.trim()).filter(Boolean) };
  const res = await fetch(api, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) return show((await res.json()).error || res.statusText);
  location.reload();
});
document.addEventListener("click", async (e) => {
  const v = e.target.dataset?.validate, d = e.target.dataset?.delete;
  if (v) await fetch(api + "/" + v + "/validate", { method: "POST" });
  if (d) await fetch(api + "/" + d, { method: "DELETE" });
  if (v || d) location.reload();
});
</script></body></html>`;
}
