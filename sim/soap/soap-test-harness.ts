// Shared set-up of the SOAP tests: one simulator per test file, a fresh
// domain per test, and helpers to run the Call Log report and read faults.
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startSimulator, type RunningSimulator } from "../server";
import type { SimDomain } from "../world/domains";
import { basic, getReportResultCsvBody, isReportRunningBody, postSoap, runReportBody, type SoapAnswer } from "./soap-test-client";

export const NOW = Date.parse("2026-11-20T12:00:00Z");

export interface TestDomain {
  domain: SimDomain;
  auth: string;
}

export function soapSimulatorPerFile(seed: number) {
  const state = { sim: undefined as unknown as RunningSimulator, domainCount: 0 };
  beforeAll(async () => {
    state.sim = await startSimulator({ seed, clock: { start: NOW, speed: 0 } });
  });
  afterAll(() => state.sim.close());
  beforeEach(() => state.sim.faults.clear());

  const newDomain = (timeZone?: string): TestDomain => {
    const domain = state.sim.world.addDomain(`Soap ${++state.domainCount}`, timeZone);
    const admin = domain.users.find((u) => u.role === "admin")!;
    return { domain, auth: basic(admin.username, admin.password) };
  };
  const soap = (t: TestDomain, body: string, baseUrl = state.sim.baseUrl) => postSoap(baseUrl, t.auth, body);
  /** run → poll → fetch; the CSV text. */
  const callLog = async (t: TestDomain, start: string, end: string, baseUrl = state.sim.baseUrl): Promise<string> => {
    const run = await soap(t, runReportBody(start, end), baseUrl);
    expect(run.fault, run.text).toBeUndefined();
    const id = run.value!;
    for (let i = 0; i < 10; i++) {
      const poll = await soap(t, isReportRunningBody(id, 5), baseUrl);
      if (poll.value === "false") break;
    }
    const result = await soap(t, getReportResultCsvBody(id), baseUrl);
    expect(result.status, result.text.slice(0, 500)).toBe(200);
    return result.value!;
  };
  return { get sim() { return state.sim; }, newDomain, soap, callLog };
}

export function expectFault(answer: SoapAnswer, code: "Client" | "Server" | "VersionMismatch", detailName?: string, message?: RegExp): void {
  expect(answer.status, answer.text).toBe(500);
  expect(answer.fault?.code).toBe(`soap:${code}`);
  expect(answer.fault?.detailName).toBe(detailName);
  if (message) expect(answer.fault?.message).toMatch(message);
}
