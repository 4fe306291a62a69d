import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { basic, envelope, isReportRunningBody, postSoap, runReportBody, startSoapHarness, type SoapAnswer } from "./soap-test-client";
import { expectFault, soapSimulatorPerFile } from "./soap-test-harness";

const h = soapSimulatorPerFile(12);
const { newDomain, soap } = h;

const getVccConfiguration = envelope("getVCCConfiguration", "");
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

/** The `<return>` element of a getVCCConfiguration answer, as nested objects. */
function vccConfiguration(answer: SoapAnswer): Record<string, unknown> {
  expect(answer.status, answer.text).toBe(200);
  return parser.parse(answer.text).Envelope.Body.getVCCConfigurationResponse.return;
}

describe("getVCCConfiguration", () => {
  it("answers the caller's domain: id, name and time zone, in the service namespace", async () => {
    const t = newDomain("Europe/London");
    const answer = await soap(t, getVccConfiguration);
    expect(answer.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(answer.text).toContain('<ns2:getVCCConfigurationResponse xmlns:ns2="http://service.admin.ws.five9.com/"><return><domainId>');
    expect(vccConfiguration(answer)).toEqual({ domainId: t.domain.id, domainName: t.domain.name, timeZoneAssignment: { timeZone: "Europe/London" } });
  });

  it("escapes the domain name and ignores a self-closing operation element or SOAP header", async () => {
    const t = newDomain();
    t.domain.name = `Smith & "Sons" <UK>`;
    const selfClosing = `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="http://service.admin.ws.five9.com/"><s:Header/><s:Body><f:getVCCConfiguration/></s:Body></s:Envelope>`;
    expect(vccConfiguration(await soap(t, selfClosing)).domainName).toBe(`Smith & "Sons" <UK>`);
  });

  it("needs HTTP Basic credentials of an admin, like every operation", async () => {
    const t = newDomain();
    const supervisor = t.domain.users.find((u) => u.role === "supervisor")!;
    expect((await postSoap(h.sim.baseUrl, undefined, getVccConfiguration)).status).toBe(401);
    const wrong = await postSoap(h.sim.baseUrl, basic(supervisor.username, "wrong"), getVccConfiguration);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Basic realm="five9"');
    expectFault(await postSoap(h.sim.baseUrl, basic(supervisor.username, supervisor.password), getVccConfiguration), "Server", "AccessDisallowedFault", /not an administrator/);
  });

  it("answers 435 for a migrated domain", async () => {
    const t = newDomain();
    t.domain.migrated = true;
    const answer = await soap(t, getVccConfiguration);
    expect(answer.status).toBe(435);
    expect(answer.text).toBe("Domain migrated");
  });

  it("counts against the 'other' limit it shares with isReportRunning, per domain", async () => {
    const harness = await startSoapHarness(h.sim, { limits: { other: { perMinute: 3 } } });
    try {
      const t = newDomain();
      const other = newDomain();
      const id = (await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"), harness.baseUrl)).value!;
      expect((await soap(t, isReportRunningBody(id, 0), harness.baseUrl)).status).toBe(200);
      for (let i = 0; i < 2; i++) vccConfiguration(await soap(t, getVccConfiguration, harness.baseUrl));
      const limited = await soap(t, getVccConfiguration, harness.baseUrl);
      expectFault(limited, "Server", "OperationsLimitExceededFault", /3 other calls per minute/);
      expect(limited.fault?.detail).toMatchObject({ limit: "3", operationType: "getVCCConfiguration" });
      vccConfiguration(await soap(other, getVccConfiguration, harness.baseUrl));
      h.sim.clock.advance(60_000);
      vccConfiguration(await soap(t, getVccConfiguration, harness.baseUrl));
    } finally {
      await harness.close();
    }
  });
});
