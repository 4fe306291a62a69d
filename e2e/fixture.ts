// What the browser tests' global setup prepared, shared with the specs
// through a JSON file: the Five9 sandbox's domains and the workspaces and
// admins made for each scenario (each scenario has its own, so specs can run
// in parallel without claiming each other's Five9 domain).
import { readFileSync } from "node:fs";
import type { SandboxDomain } from "../dev/five9-sandbox";
import type { LiveFixture } from "./live-tenant";

export const FIXTURE_PATH = "test-results/e2e-fixture.json";

export const SCENARIOS = {
  oauth: { slug: "e2e-oauth", email: "oauth@e2e.test" },
  apiClient: { slug: "e2e-apiclient", email: "apiclient@e2e.test" },
  badInput: { slug: "e2e-bad", email: "bad@e2e.test" },
  owner: { slug: "e2e-owner", email: "owner@e2e.test" },
  liveAudio: { slug: "e2e-live-audio", email: "liveaudio@e2e.test" },
  bridge: { slug: "e2e-bridge", email: "bridge@e2e.test" },
} as const;
export type Scenario = keyof typeof SCENARIOS;

export interface E2eFixture {
  simBaseUrl: string;
  domains: Record<Scenario, SandboxDomain>;
  /** The workspace with live audio installed (e2e/live-tenant.ts). */
  live: LiveFixture;
  /** The VoiceStream receiver the setup started (host:port). */
  voicestreamEndpoint: string;
}

export function fixture(): E2eFixture {
  return JSON.parse(readFileSync(FIXTURE_PATH, "utf8")) as E2eFixture;
}
