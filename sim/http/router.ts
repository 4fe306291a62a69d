// A small HTTP router for the simulator: routes by method and path pattern,
// records every request for tests (/_sim/requests), applies injected faults,
// and turns thrown errors into answers — the simulator never crashes on input.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SimWorldError } from "../world/world";
import type { FaultRegistry } from "./faults";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  body(): Promise<Buffer>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  host: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_LOG = 10_000;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export class Router {
  private routes: Route[] = [];
  readonly log: LoggedRequest[] = [];

  constructor(private readonly faults: FaultRegistry) {}

  /** Registers a route; `:name` segments become params. */
  on(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    res.on("finish", () => {
      this.log.push({ at: new Date().toISOString(), method: req.method ?? "GET", path: url.pathname, query: url.search, status: res.statusCode, host: req.headers.host ?? "" });
      if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    });
    try {
      const match = this.match(req.method ?? "GET", url.pathname);
      if (!match) throw new HttpError(404, `No such endpoint: ${req.method} ${url.pathname}`);
      if (!url.pathname.startsWith("/_sim/") && (await this.faults.apply(url.pathname, match.params.domainId, res))) return;
      let cached: Buffer | undefined;
      await match.route.handler({ req, res, url, params: match.params, body: async () => (cached ??= await readBody(req)) });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError || error instanceof SimWorldError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: "Internal simulator error", detail: error instanceof Error ? error.message : String(error) });
    }
  }

  private match(method: string, path: string) {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m) return { route, params: Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }
}

/** The request body, refused with 413 past the simulator's size limit. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A JSON body (empty = {}), for handlers mounted outside the router. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString("utf8");
  return text ? JSON.parse(text) : {};
}

/** Parses a JSON body with a zod-like schema; a bad body is a 400 with the issues. */
export async function jsonBody<T>(ctx: RouteContext, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): Promise<T> {
  let raw: unknown;
  try {
    const text = (await ctx.body()).toString("utf8");
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(400, `Invalid request: ${parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
