// Loris's event URL route served over real HTTP on a free port, so the
// simulator's VoiceStream can validate it and POST call events to it as Five9 would.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GET, POST } from "../../app/api/five9/events/[key]/route";

export interface EventUrlServer {
  urlFor(eventKey: string): string;
  close(): Promise<void>;
}

export async function serveEventUrl(): Promise<EventUrlServer> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const key = url.pathname.match(/^\/api\/five9\/events\/([^/]+)$/)?.[1];
    if (!key) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
    const context = { params: Promise.resolve({ key }) };
    const response = req.method === "POST" ? await POST(request, context) : await GET(request, context);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (eventKey) => `http://127.0.0.1:${port}/api/five9/events/${eventKey}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
