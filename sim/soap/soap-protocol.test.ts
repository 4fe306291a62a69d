// What a SOAP 1.1-only JAX-WS endpoint answers to requests it cannot take:
// another content type (SOAP 1.2's application/soap+xml), a SOAP 1.2 envelope,
// an operation in the wrong namespace or unknown. None of them is ever a 200.
import { describe, expect, it } from "vitest";
import { basic, envelope, postSoap, runReportBody } from "./soap-test-client";
import { expectFault, soapSimulatorPerFile } from "./soap-test-harness";

const h = soapSimulatorPerFile(14);
const { newDomain, soap } = h;

const SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
const runReportArgs = "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName><criteria><time><start>2026-11-01T00:00:00Z</start><end>2026-11-02T00:00:00Z</end></time></criteria>";
const soap12 = `<?xml version="1.0"?><env:Envelope xmlns:env="${SOAP12_NS}" xmlns:ser="http://service.admin.ws.five9.com/"><env:Body><ser:runReport>${runReportArgs}</ser:runReport></env:Body></env:Envelope>`;
const inNamespace = (ns: string, op = "runReport") => `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><${op}${ns === "" ? "" : ` xmlns="${ns}"`}>${runReportArgs}</${op}></s:Body></s:Envelope>`;

describe("SOAP 1.2 at a SOAP 1.1 endpoint", () => {
  it("answers HTTP 415 (no envelope) to application/soap+xml and any other non-text/xml type", async () => {
    const t = newDomain();
    for (const type of ["application/soap+xml; charset=utf-8", 'application/soap+xml;action=""', "text/plain", "application/xml"]) {
      const answer = await postSoap(h.sim.baseUrl, t.auth, soap12, type);
      expect(answer.status, type).toBe(415);
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(answer.text).toMatch(/^Unsupported Content-Type: .* Supported ones are: \[text\/xml\]$/);
    }
    // Even a SOAP 1.1 envelope is refused when labelled SOAP 1.2.
    expect((await postSoap(h.sim.baseUrl, t.auth, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"), "application/soap+xml")).status).toBe(415);
    // Credentials are checked first, as the container does before the SOAP stack.
    expect((await postSoap(h.sim.baseUrl, undefined, soap12, "application/soap+xml")).status).toBe(401);
    // Nothing ran: the report limit still has all its calls.
    expect((await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).status).toBe(200);
  });

  it("answers a SOAP 1.2 envelope sent as text/xml with a SOAP 1.1 VersionMismatch fault, HTTP 500", async () => {
    const t = newDomain();
    const answer = await soap(t, soap12);
    expectFault(answer, "VersionMismatch", undefined, new RegExp(`^Couldn't create SOAP message\\. Expecting Envelope in namespace http://schemas\\.xmlsoap\\.org/soap/envelope/, but got ${SOAP12_NS.replace(/\./g, "\\.")}$`));
    expect(answer.text).toContain('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">');
    expectFault(await soap(t, `<Envelope><Body><runReport>${runReportArgs}</runReport></Body></Envelope>`), "VersionMismatch", undefined, /but got $/);
  });
});

describe("dispatch on the operation's qualified name", () => {
  it("answers soap:Client 'Cannot find dispatch method for {ns}op' (HTTP 500) for a known name in another namespace or none", async () => {
    const t = newDomain();
    expectFault(await soap(t, inNamespace("urn:other")), "Client", undefined, /^Cannot find dispatch method for \{urn:other\}runReport \(/);
    expectFault(await soap(t, inNamespace("http://service.admin.ws.five9.com/v2/")), "Client", undefined, /^Cannot find dispatch method for \{http:\/\/service\.admin\.ws\.five9\.com\/v2\/\}runReport/);
    // Unqualified: Java prints a QName without namespace as the bare local name.
    expectFault(await soap(t, inNamespace("")), "Client", undefined, /^Cannot find dispatch method for runReport \(/);
    expectFault(await soap(t, envelope("getReportResult", "<identifier>x</identifier>")), "Client", undefined, /^Cannot find dispatch method for \{http:\/\/service\.admin\.ws\.five9\.com\/\}getReportResult/);
    // The right namespace through a default xmlns dispatches (its children, now qualified, are then missing).
    expectFault(await soap(t, inNamespace("http://service.admin.ws.five9.com/")), "Client", "MissedArgumentFault");
  });

  it("decodes and dispatches before the role check: a supervisor's unknown operation is a Client fault", async () => {
    const t = newDomain();
    const supervisor = t.domain.users.find((u) => u.role === "supervisor")!;
    const auth = basic(supervisor.username, supervisor.password);
    expectFault(await postSoap(h.sim.baseUrl, auth, inNamespace("urn:other")), "Client", undefined, /Cannot find dispatch method/);
    expectFault(await postSoap(h.sim.baseUrl, auth, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")), "Server", "AccessDisallowedFault");
  });
});
