// Five9 SOAP AdminWebService v13 (docs/five9.md §2a): envelopes built here,
// answers parsed with fast-xml-parser, SOAP faults mapped to Five9Error
// (OperationsLimitExceededFault → rate_limited).
import { XMLParser } from "fast-xml-parser";
import { five9Endpoints, type Five9Region } from "./endpoints";
import { five9ErrorFromStatus, Five9Error, five9Fetch } from "./errors";

export interface SoapCredentials {
  username: string;
  password: string;
}

const NS = "http://service.admin.ws.five9.com/";
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: false });

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function envelope(operation: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="${NS}"><soapenv:Body><ser:${operation}>${inner}</ser:${operation}></soapenv:Body></soapenv:Envelope>`;
}

type XmlNode = Record<string, unknown>;

/** Calls one operation; returns the response element's children. */
export async function soapCall(region: Five9Region, credentials: SoapCredentials, operation: string, inner = ""): Promise<XmlNode> {
  const what = `SOAP ${operation}`;
  const response = await five9Fetch(five9Endpoints(region).soapUrl, {
    method: "POST",
    headers: {
      "content-type": "text/xml; charset=utf-8",
      soapaction: '""',
      authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
    },
    body: envelope(operation, inner),
    timeoutMs: 60_000,
  }, what);
  const text = await response.text();
  if (response.status === 401) throw new Five9Error("unauthorized", `${what}: Five9 did not accept the username and password`, { status: 401 });
  let body: XmlNode | undefined;
  try {
    body = (parser.parse(text) as XmlNode)?.Envelope as XmlNode | undefined;
  } catch {
    body = undefined;
  }
  const content = body?.Body as XmlNode | undefined;
  const fault = content?.Fault as XmlNode | undefined;
  if (fault) {
    const detail = fault.detail && typeof fault.detail === "object" ? Object.keys(fault.detail as XmlNode)[0] : undefined;
    const message = `${what}: ${String(fault.faultstring ?? "SOAP fault")}`;
    if (detail === "OperationsLimitExceededFault") throw new Five9Error("rate_limited", message, { status: response.status });
    if (detail === "AccessDisallowedFault") throw new Five9Error("forbidden", message, { status: response.status });
    // soap:Client means our request was wrong: retrying cannot help, so it is not a (transient) server error.
    const ourFault = String(fault.faultcode ?? "").endsWith("Client");
    throw new Five9Error(response.status >= 500 && !detail && !ourFault ? "server_error" : "bad_response", detail ? `${message} (${detail})` : message, { status: response.status });
  }
  if (!response.ok) throw five9ErrorFromStatus(response.status, what, response.headers.get("retry-after"));
  const result = content?.[`${operation}Response`];
  if (result === undefined) throw new Five9Error("bad_response", `${what}: the answer had no ${operation}Response`);
  return (typeof result === "object" && result !== null ? result : {}) as XmlNode;
}

/** A cheap authenticated call proving the user may use the AdminWebService. */
export async function probeSoap(region: Five9Region, credentials: SoapCredentials): Promise<void> {
  await soapCall(region, credentials, "getVCCConfiguration");
}
