// A WSDL-driven client (node `soap`, as many Five9 integrators use) against the
// simulator: it reads the served WSDL, calls the soap:address it names with
// HTTP Basic auth, and gets typed answers and SOAP faults.
import http from "node:http";
import { XMLParser } from "fast-xml-parser";
import { BasicAuthSecurity, createClientAsync, type Client } from "soap";
import { describe, expect, it } from "vitest";
import { SOAP_PATH } from "./routes";
import { csvRecords, startSoapHarness } from "./soap-test-client";
import { soapSimulatorPerFile, type TestDomain } from "./soap-test-harness";
import { OPERATION_FAULTS, SOAP_OPERATIONS } from "./wsdl";

const h = soapSimulatorPerFile(13);
const { newDomain } = h;

/** A node-soap client made from `{baseUrl}…?wsdl&user=…`, authenticated as the domain's admin. */
async function wsdlClient(t: TestDomain, baseUrl = h.sim.baseUrl): Promise<Client> {
  const admin = t.domain.users.find((u) => u.role === "admin")!;
  const client = await createClientAsync(`${baseUrl}${SOAP_PATH}?wsdl&user=${encodeURIComponent(admin.username)}`, { disableCache: true });
  client.setSecurity(new BasicAuthSecurity(admin.username, admin.password));
  return client;
}

/** node-soap rejects a SOAP fault with the parsed envelope on `root`. */
async function soapFault(call: Promise<unknown>): Promise<{ faultcode: string; faultstring: string; detail?: Record<string, Record<string, unknown>> }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { root?: { Envelope: { Body: { Fault: never } } } } | undefined;
  expect(error?.root, "expected a SOAP fault").toBeDefined();
  return error!.root!.Envelope.Body.Fault;
}

/** GET with an explicit Host header (fetch does not let a caller set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { host } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, type: res.headers["content-type"] ?? "", body }));
      })
      .on("error", reject);
  });
}

describe("a WSDL-driven client (node soap)", () => {
  it("sees the four operations and runs runReport → isReportRunning → getReportResultCsv to CSV rows", async () => {
    const t = newDomain();
    h.sim.world.addCalls(t.domain.id, 40, new Date("2026-11-10T08:00:00Z"), new Date("2026-11-10T20:00:00Z"));
    const client = await wsdlClient(t);
    const port = client.describe().AdminWebService.AdminWebServicePort;
    expect(Object.keys(port).sort()).toEqual([...SOAP_OPERATIONS]);
    expect(port.runReport.input).toMatchObject({ folderName: "xs:string", reportName: "xs:string" });

    const [run] = await client.runReportAsync({
      folderName: "Call Log Reports",
      reportName: "Call Log",
      criteria: { time: { start: "2026-11-10T00:00:00.000-08:00", end: "2026-11-11T00:00:00.000-08:00" } },
    });
    const id = run.return as string;
    expect(id).toMatch(/^[0-9A-F-]{36}$/);
    // The request node-soap built from the WSDL: the operation in Five9's namespace (tns), its
    // children unqualified and in the schema's (alphabetical) order.
    expect(client.lastRequest).toContain('xmlns:tns="http://service.admin.ws.five9.com/"');
    expect(client.lastRequest).toContain(
      "<tns:runReport><criteria><time><end>2026-11-11T00:00:00.000-08:00</end><start>2026-11-10T00:00:00.000-08:00</start></time></criteria><folderName>Call Log Reports</folderName><reportName>Call Log</reportName></tns:runReport>",
    );

    const [poll] = await client.isReportRunningAsync({ identifier: id, timeout: 5 });
    expect(poll.return).toBe(false); // typed by the WSDL: xs:boolean

    const [result] = await client.getReportResultCsvAsync({ identifier: id });
    const records = csvRecords(result.return as string);
    const truth = h.sim.world.finishedCallsBetween(t.domain.id, new Date("2026-11-10T08:00:00Z"), new Date("2026-11-11T08:00:00Z"));
    expect(truth).toHaveLength(40);
    expect(records.map((r) => r["CALL ID"])).toEqual(truth.map((c) => c.callId));
    expect(records[0]).toMatchObject({ "SESSION ID": truth[0]!.sessionId, CAMPAIGN: truth[0]!.campaign });

    const [vcc] = await client.getVCCConfigurationAsync({});
    expect(String(vcc.return.domainId)).toBe(t.domain.id);
    expect(vcc.return).toMatchObject({ domainName: t.domain.name, timeZoneAssignment: { timeZone: "America/Los_Angeles" } });
  });

  it("surfaces a limit as a SOAP fault with its detail, and keeps the WSDL's address (the harness's own URL)", async () => {
    const harness = await startSoapHarness(h.sim, { limits: { runReport: { perMinute: 1 } } });
    try {
      const t = newDomain();
      const postsToMainListener = () => h.sim.router.log.filter((r) => r.path === SOAP_PATH && r.method === "POST").length;
      const before = postsToMainListener();
      const client = await wsdlClient(t, harness.baseUrl);
      const args = { folderName: "Call Log Reports", reportName: "Call Log", criteria: { time: { start: "2026-11-01T00:00:00Z", end: "2026-11-01T01:00:00Z" } } };
      await client.runReportAsync(args);
      const fault = await soapFault(client.runReportAsync(args));
      expect(fault.faultcode).toBe("soap:Server");
      expect(fault.faultstring).toMatch(/Operations limit exceeded: 1 runReport calls per minute/);
      expect(fault.detail?.OperationsLimitExceededFault).toMatchObject({ operationType: "runReport", message: fault.faultstring });
      expect(Number(fault.detail?.OperationsLimitExceededFault?.limit)).toBe(1);
      // Both calls went to the harness: the WSDL's soap:address is the URL it was fetched from.
      expect(postsToMainListener()).toBe(before);
    } finally {
      await harness.close();
    }
  });

  it("gets other declared faults the same way: a missing argument, a non-admin caller", async () => {
    const t = newDomain();
    const client = await wsdlClient(t);
    const missing = await soapFault(client.getReportResultCsvAsync({}));
    expect(missing.faultcode).toBe("soap:Client");
    expect(Object.keys(missing.detail ?? {})).toEqual(["MissedArgumentFault"]);

    const supervisor = t.domain.users.find((u) => u.role === "supervisor")!;
    client.setSecurity(new BasicAuthSecurity(supervisor.username, supervisor.password));
    const denied = await soapFault(client.getVCCConfigurationAsync({}));
    expect(Object.keys(denied.detail ?? {})).toEqual(["AccessDisallowedFault"]);
  });
});

describe("GET …/AdminWebService?wsdl", () => {
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["operation", "fault", "message", "element", "complexType"].includes(name) });

  it("puts the soap:address at the base URL of the request and declares each operation's faults", async () => {
    const wsdl = await getWithHost(`${h.sim.baseUrl}${SOAP_PATH}?wsdl&user=anyone`, "api.five9.test:8443");
    expect(wsdl.status).toBe(200);
    expect(wsdl.type).toMatch(/^text\/xml/);
    const defs = parser.parse(wsdl.body).definitions;
    expect(defs.targetNamespace).toBe("http://service.admin.ws.five9.com/");
    expect(defs.service.port.address.location).toBe(`http://api.five9.test:8443${SOAP_PATH}`);
    expect(defs.binding.binding).toMatchObject({ style: "document", transport: "http://schemas.xmlsoap.org/soap/http" });
    const portOps = Object.fromEntries((defs.portType.operation as { name: string; fault: { name: string }[] }[]).map((o) => [o.name, o.fault.map((f) => f.name)]));
    for (const op of SOAP_OPERATIONS) expect(portOps[op]).toEqual(OPERATION_FAULTS[op].map((f) => f.replace(/Fault$/, "Exception")));
    // Five9's schema orders sequences alphabetically: end before start.
    const types = Object.fromEntries((defs.types.schema.complexType as { name: string; sequence: { element?: { name: string }[] } }[]).map((c) => [c.name, (c.sequence.element ?? []).map((e) => e.name)]));
    expect(types.reportTimeCriteria).toEqual(["end", "start"]);
    expect(types.OperationsLimitExceededFault).toEqual(["limit", "message", "operationType"]);
  });

  it("refuses a WSDL request without a user name (403, InvalidAccountFault) and shows a page without ?wsdl", async () => {
    const refused = await fetch(`${h.sim.baseUrl}${SOAP_PATH}?wsdl`);
    expect(refused.status).toBe(403);
    const text = await refused.text();
    expect(text).toContain("<ns2:InvalidAccountFault");
    expect(text).toContain("No user name (&quot;user&quot; parameter) provided");
    const upper = await fetch(`${h.sim.baseUrl}${SOAP_PATH}?WSDL`);
    expect(upper.status).toBe(403);
    const page = await fetch(`${h.sim.baseUrl}${SOAP_PATH}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
