// Where each Five9 surface lives for a region (docs/five9.md §1). With
// FIVE9_BASE_URL set (the simulator), every region and surface uses that host.
import { z } from "zod";
import { env } from "../env";

export const FIVE9_REGIONS = ["us", "ca", "eu", "in", "uk"] as const;
export type Five9Region = (typeof FIVE9_REGIONS)[number];
export const regionSchema = z.enum(FIVE9_REGIONS, { message: "Choose one of the Five9 regions: US, CA, EU, IN or UK" });

export const REGION_NAMES: Record<Five9Region, string> = {
  us: "United States",
  ca: "Canada",
  eu: "Europe",
  in: "India",
  uk: "United Kingdom",
};

export interface Five9Endpoints {
  /** Cloud REST APIs and OAuth. */
  apiBase: string;
  /** SOAP AdminWebService v13. */
  soapUrl: string;
  /** Supervisor REST login host (later calls go to the data center login returns). */
  supervisorBase: string;
}

export function five9Endpoints(region: Five9Region): Five9Endpoints {
  const override = env().FIVE9_BASE_URL?.replace(/\/$/, "");
  if (override) return { apiBase: override, soapUrl: `${override}/wsadmin/v13/AdminWebService`, supervisorBase: override };
  return {
    apiBase: `https://api.prod.${region}.five9.net`,
    soapUrl: "https://api.five9.com/wsadmin/v13/AdminWebService",
    supervisorBase: "https://app.five9.com",
  };
}

/** Scopes Loris needs, and what each is for (shown on the listing and the consent explanation). */
export const REQUIRED_SCOPES = ["domains:read", "campaigns:read", "calllog:read", "recordings:read", "transcripts:read"] as const;
