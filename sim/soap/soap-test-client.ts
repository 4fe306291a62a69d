// Test helpers for the SOAP service: a tiny SOAP client over fetch, a CSV
// reader (RFC 4180), and a second HTTP listener serving the SOAP routes with
// non-default options (small caps and limits) on a running simulator's world.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { Router } from "../http/router";
import type { RunningSimulator } from "../server";
import { registerSoapRoutes, SOAP_PATH, type SoapOptions } from "./routes";

export interface SoapAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** `return` of a successful answer. */
  value?: string;
  fault?: { code: string; message: string; detailName?: string; detail?: Record<string, string> };
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: false });

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export function envelope(operation: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.admin.ws.five9.com/">
  <soapenv:Header/>
  <soapenv:Body><ser:${operation}>${inner}</ser:${operation}></soapenv:Body>
</soapenv:Envelope>`;
}

export const runReportBody = (start: string, end: string, folder = "Call Log Reports", report = "Call Log") =>
  envelope("runReport", `<folderName>${folder}</folderName><reportName>${report}</reportName><criteria><time><start>${start}</start><end>${end}</end></time></criteria>`);
export const isReportRunningBody = (id: string, timeout = 5) => envelope("isReportRunning", `<identifier>${id}</identifier><timeout>${timeout}</timeout>`);
export const getReportResultCsvBody = (id: string) => envelope("getReportResultCsv", `<identifier>${id}</identifier>`);

export async function postSoap(baseUrl: string, authorization: string | undefined, body: string, contentType = "text/xml; charset=utf-8"): Promise<SoapAnswer> {
  const res = await fetch(`${baseUrl}${SOAP_PATH}`, {
    method: "POST",
    headers: { "content-type": contentType, soapaction: '""', ...(authorization ? { authorization } : {}) },
    body,
  });
  const text = await res.text();
  const answer: SoapAnswer = { status: res.status, headers: res.headers, text };
  if (!(res.headers.get("content-type") ?? "").startsWith("text/xml")) return answer;
  const doc = parser.parse(text);
  const soapBody = doc.Envelope.Body;
  if (soapBody.Fault) {
    const f = soapBody.Fault;
    const detailName = f.detail ? Object.keys(f.detail)[0] : undefined;
    answer.fault = { code: f.faultcode, message: f.faultstring, detailName, detail: detailName ? f.detail[detailName] : undefined };
  } else {
    const response = soapBody[Object.keys(soapBody)[0]!];
    answer.value = response.return;
  }
  return answer;
}

/** RFC 4180 rows (quoted fields, doubled quotes); lines end with LF or CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

/** The SOAP routes with other options, on their own port, over the simulator's world, clock and faults. */
export async function startSoapHarness(sim: RunningSimulator, options: SoapOptions): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const router = new Router(sim.faults);
  registerSoapRoutes(router, { world: sim.world, faults: sim.faults, clock: sim.clock, ...options });
  const server = http.createServer((req, res) => void router.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
