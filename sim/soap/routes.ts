// SOAP AdminWebService v13 subset: the Call Log report (runReport →
// isReportRunning → getReportResultCsv) and getVCCConfiguration (the
// connector's health probe) at POST /wsadmin/v13/AdminWebService.
// HTTP Basic auth with an admin user of the world; the user's domain is the
// domain of every call. GET …?wsdl&user=… serves the WSDL (wsdl.ts).
// See sim/soap/README.md for what is decided here.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultRegistry } from "../http/faults";
import { HttpError, type RouteContext, type Router } from "../http/router";
import type { SimDomain, SimUser } from "../world/domains";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";
import { callLogCsv } from "./call-log-csv";
import { ReportStore, type CallLogReport } from "./report-store";
import { SoapRateLimiter, type OperationClass, type WindowLimits } from "./rate-limits";
import { elementArg, FIVE9_ADMIN_NS, parseSoapRequest, qnameText, soapFaultXml, soapResponse, textArg, vccConfigurationXml, type XmlElement } from "./soap-envelope";
import { clientFault, incorrectArgument, missedArgument, SoapFault } from "./soap-fault";
import { adminWebServiceWsdl, type SoapOperationName } from "./wsdl";
import { parseXsDateTime } from "./xs-datetime";

export const SOAP_PATH = "/wsadmin/v13/AdminWebService";
export const CALL_LOG_FOLDER = "Call Log Reports";
export const CALL_LOG_REPORT = "Call Log";

export interface SoapOptions {
  /** Rows a report result holds at most (default 50,000, like Five9). */
  maxRows?: number;
  /** Overrides of the per-domain limits (default: Five9's, see rate-limits.ts). */
  limits?: Partial<Record<OperationClass, Partial<WindowLimits>>>;
  /** Real milliseconds a report runs before its result is ready (default 200). */
  reportRunMs?: number;
  /** Simulated milliseconds a result can be fetched after runReport (default 24 h). */
  resultRetentionMs?: number;
  /** Longest isReportRunning may wait, in seconds, whatever its timeout (default 30). */
  maxPollWaitSeconds?: number;
}

export interface SoapDeps extends SoapOptions {
  world: SimWorld;
  faults: FaultRegistry;
  clock: SimClock;
}

/** Five9's non-standard status for a domain that moved to another data center. */
const DOMAIN_MIGRATED_STATUS = 435;

type OperationResult = string | { xml: string };

interface Caller {
  user: SimUser;
  domain: SimDomain;
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { "content-type": "text/xml; charset=utf-8" });
  res.end(xml);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/** The user named by HTTP Basic credentials, when the password matches. */
function authenticate(req: IncomingMessage, world: SimWorld): Caller | undefined {
  const header = req.headers.authorization ?? "";
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  for (const domain of world.domains.values()) {
    const user = domain.users.find((u) => u.username === username && u.password === password);
    if (user) return { user, domain };
  }
  return undefined;
}

function requiredText(args: XmlElement, name: string, path = name): string {
  const value = textArg(args, name, path);
  if (value === undefined || value === "") throw missedArgument(path);
  return value;
}

function parseTime(time: XmlElement, name: "start" | "end", timeZone: string): number {
  const text = requiredText(time, name, `criteria.time.${name}`);
  const ms = parseXsDateTime(text, timeZone);
  if (ms === undefined) throw incorrectArgument(`criteria.time.${name} is not an xs:dateTime: "${text}" (expected e.g. 2026-11-01T00:00:00.000-08:00)`);
  return ms;
}

export function registerSoapRoutes(router: Router, deps: SoapDeps): void {
  const limiter = new SoapRateLimiter(deps.clock, deps.limits);
  const reports = new ReportStore(deps.world, deps.clock, {
    runMs: deps.reportRunMs ?? 200,
    retentionMs: deps.resultRetentionMs ?? 24 * 3_600_000,
    maxRows: deps.maxRows ?? 50_000,
  });
  const maxPollWaitMs = (deps.maxPollWaitSeconds ?? 30) * 1000;

  const findReport = (caller: Caller, args: XmlElement): CallLogReport => {
    const id = requiredText(args, "identifier");
    const report = reports.find(caller.domain.id, id);
    if (!report) throw new SoapFault("Server", `Unknown report identifier ${id} (it never existed, belongs to another domain or has expired)`, "UnknownIdentifierFault");
    return report;
  };

  /** An operation answers its `<return>` text, or (`{ xml }`) its children as ready-made XML. */
  // Typed by the WSDL's operation list: the dispatch table and the WSDL cannot drift apart.
  const operations: Record<SoapOperationName, (caller: Caller, args: XmlElement, ctx: RouteContext) => Promise<OperationResult> | OperationResult> = {
    runReport: (caller, args) => {
      const folderName = requiredText(args, "folderName");
      const reportName = requiredText(args, "reportName");
      const criteria = elementArg(args, "criteria");
      if (!criteria) throw missedArgument("criteria");
      const time = elementArg(criteria, "time", "criteria.time");
      if (!time) throw missedArgument("criteria.time");
      if (folderName !== CALL_LOG_FOLDER || reportName !== CALL_LOG_REPORT) {
        throw new SoapFault("Server", `Report "${reportName}" not found in folder "${folderName}" (the simulator has "${CALL_LOG_FOLDER}" / "${CALL_LOG_REPORT}")`, "ReportNotFoundFault", { folder: folderName, reportName });
      }
      const start = parseTime(time, "start", caller.domain.timeZone);
      const end = parseTime(time, "end", caller.domain.timeZone);
      if (end <= start) {
        throw new SoapFault("Client", "Invalid date range: criteria.time.start must precede criteria.time.end", "InvalidDateRangeFault", { start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      }
      limiter.take(caller.domain.id, "runReport");
      return reports.run(caller.domain.id, start, end).id;
    },

    isReportRunning: async (caller, args, ctx) => {
      const timeoutText = requiredText(args, "timeout");
      if (!/^\d+$/.test(timeoutText)) throw incorrectArgument(`timeout must be a whole number of seconds ≥ 0, got "${timeoutText}"`);
      requiredText(args, "identifier");
      limiter.take(caller.domain.id, "isReportRunning");
      const report = findReport(caller, args);
      // Long polling: wait (real time) until the report is done or the timeout passes. A loop,
      // because a timer may fire a millisecond before Date.now() reaches readyAt.
      const deadline = Date.now() + Math.min(Number(timeoutText) * 1000, maxPollWaitMs);
      while (reports.isRunning(report) && Date.now() < deadline && !ctx.res.destroyed) {
        await realDelay(Math.min(deadline, report.readyAt) - Date.now() + 1, ctx.res);
      }
      return String(reports.isRunning(report));
    },

    getReportResultCsv: (caller, args, ctx) => {
      requiredText(args, "identifier");
      limiter.take(caller.domain.id, "getReportResultCsv");
      const report = findReport(caller, args);
      if (reports.isRunning(report)) throw new SoapFault("Server", `Report ${report.id} is still running: poll isReportRunning until it answers false`, "ResultIsNotReadyFault");
      const faults = {
        extraColumn: Boolean(deps.faults.take("extra_csv_column", caller.domain.id, ctx.url.pathname)),
        malformedRow: Boolean(deps.faults.take("malformed_csv_row", caller.domain.id, ctx.url.pathname)),
      };
      return callLogCsv(deps.world.seed, reports.rows(report), caller.domain.timeZone, faults);
    },

    // No arguments; counted as one of the "other" queries (450/min like isReportRunning).
    getVCCConfiguration: (caller) => {
      limiter.take(caller.domain.id, "getVCCConfiguration");
      return { xml: vccConfigurationXml(caller.domain) };
    },
  };

  router.on("GET", SOAP_PATH, (ctx) => {
    // JAX-WS treats a query of "WSDL" or one starting with "wsdl" as a metadata request.
    const query = ctx.url.search.slice(1);
    if (query !== "WSDL" && !query.startsWith("wsdl")) {
      return sendHtml(ctx.res, 200, `<html><head><title>Web Services</title></head><body><h1>AdminWebService</h1><p>SOAP 1.1 endpoint. WSDL: <a href="${SOAP_PATH}?wsdl&amp;user=you">${SOAP_PATH}?wsdl&amp;user=…</a></p></body></html>`);
    }
    // Five9's front wants a (any) user name before it serves the WSDL; no password is asked.
    if (!ctx.url.searchParams.get("user")) {
      return sendXml(ctx.res, 403, soapFaultXml(new SoapFault("Server", 'No user name ("user" parameter) provided', "InvalidAccountFault")));
    }
    sendXml(ctx.res, 200, adminWebServiceWsdl(ctx.url.origin, SOAP_PATH));
  });

  router.on("POST", SOAP_PATH, async (ctx) => {
    const caller = authenticate(ctx.req, deps.world);
    if (!caller) return sendText(ctx.res, 401, "Unauthorized: HTTP Basic credentials of a domain administrator are required", { "www-authenticate": 'Basic realm="five9"' });
    if (caller.domain.migrated) return sendText(ctx.res, DOMAIN_MIGRATED_STATUS, "Domain migrated");
    // A JAX-WS (Metro) SOAP 1.1 endpoint decodes with the SOAP 1.1 codec, which
    // accepts only text/xml: any other content type, SOAP 1.2's
    // application/soap+xml included, is an UnsupportedMediaException that
    // Metro's HttpAdapter answers with HTTP 415 and no envelope (a SOAP 1.1
    // fault would be meaningless to a SOAP 1.2 client). Metro sends an empty
    // body; the simulator adds Metro's log line as text. A SOAP 1.2 envelope
    // sent as text/xml passes this check and gets a VersionMismatch fault.
    const contentType = ctx.req.headers["content-type"] ?? "";
    if (contentType.split(";")[0]!.trim().toLowerCase() !== "text/xml") {
      return sendText(ctx.res, 415, `Unsupported Content-Type: ${contentType || "(none)"} Supported ones are: [text/xml]`);
    }
    let ignored: string[] = [];
    try {
      const body = await ctx.body().catch((error: unknown) => {
        throw error instanceof HttpError ? clientFault(error.message) : error;
      });
      const request = parseSoapRequest(body.toString("utf8"));
      ignored = request.ignored;
      // Dispatch on the operation's qualified name, like JAX-WS: a known name in another namespace is unknown.
      const name = request.operation as SoapOperationName;
      if (request.namespace !== FIVE9_ADMIN_NS || !Object.hasOwn(operations, name)) {
        // Metro's faultstring first; the hint after it is the simulator's.
        throw clientFault(`Cannot find dispatch method for ${qnameText(request.namespace, request.operation)} (Unknown operation ${request.operation} in namespace "${request.namespace}": the simulator implements ${Object.keys(operations).join(", ")} in ${FIVE9_ADMIN_NS})`);
      }
      // The service checks the role once the request is decoded, as an endpoint does after the codec.
      if (caller.user.role !== "admin") throw new SoapFault("Server", `User ${caller.user.username} is not an administrator: Configuration Web Services need the admin role`, "AccessDisallowedFault");
      const result = await operations[name](caller, request.args, ctx);
      if (!ctx.res.destroyed) sendXml(ctx.res, 200, soapResponse(request.operation, result));
    } catch (error) {
      let fault = error instanceof SoapFault ? error : new SoapFault("Server", `Internal simulator error: ${error instanceof Error ? error.message : String(error)}`, "ServerFault");
      if (fault.detailName === "MissedArgumentFault" && ignored.length > 0) {
        // The simulator's hint for the classic mistake (a default xmlns on the operation qualifies its children).
        fault = new SoapFault(fault.faultCode, `${fault.message} (ignored, being in a namespace: ${ignored.slice(0, 5).join(", ")}; arguments are unqualified elements)`, fault.detailName, fault.detailFields);
      }
      if (!ctx.res.destroyed) sendXml(ctx.res, 500, soapFaultXml(fault));
    }
  });
}

/** Waits real time, ending early if the client goes away. */
function realDelay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    }
    res.once("close", done);
  });
}
