// The Five9 simulator set up as a partner's sandbox, for the demo and the
// browser tests: Loris registered as a marketplace app (so "Connect with
// Five9" works), and per domain an API client (for the other authorization
// path) and the admin whose login opens the consent page and history access.
import { REQUIRED_SCOPES } from "../lib/five9/endpoints";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../sim/server";

export interface SandboxDomain {
  id: string;
  name: string;
  admin: { username: string; password: string };
  apiClient: { clientId: string; clientSecret: string };
  /** The domain's V1 export on the simulator's SFTP/FTP servers. */
  ftp: { host: string; ftpPort: number; sftpPort: number; username: string; password: string };
  campaigns: string[];
}

export interface Five9Sandbox {
  sim: RunningSimulator;
  domains: SandboxDomain[];
  /** What the web app and worker need to talk to the sandbox. */
  appEnv: { FIVE9_BASE_URL: string; FIVE9_APP_CLIENT_ID: string; FIVE9_APP_CLIENT_SECRET: string; OUTBOUND_HOST_ALLOWLIST: string };
}

export interface SandboxDomainOptions {
  name: string;
  /** Finished calls spread over the past week. */
  calls?: number;
  /** Calls that keep happening from now on (for 30 days), so new conversations arrive while you watch. */
  liveCallsPerHour?: number;
}

const LIVE_DAYS = 30;

export async function startFive9Sandbox(options: SimulatorOptions & { authUrl: string; domains: SandboxDomainOptions[] }): Promise<Five9Sandbox> {
  const sim = await startSimulator(options);
  const app = sim.oauth.createPartnerApp("Loris", [...REQUIRED_SCOPES], [new URL("/api/five9/oauth/callback", options.authUrl).toString()]);
  const now = Date.now();
  const domains = options.domains.map(({ name, calls = 0, liveCallsPerHour = 0 }) => {
    const domain = sim.world.addDomain(name);
    if (calls > 0) sim.world.addCalls(domain.id, calls, new Date(now - 7 * 86_400_000), new Date(now));
    if (liveCallsPerHour > 0) sim.world.addCalls(domain.id, Math.round(liveCallsPerHour * 24 * LIVE_DAYS), new Date(now), new Date(now + LIVE_DAYS * 86_400_000));
    const admin = domain.users.find((u) => u.role === "admin")!;
    const client = sim.oauth.createClient(domain.id, [...REQUIRED_SCOPES]);
    const ftp = sim.legacy.createExportCredentials(domain.id, { transcripts: true }); // transcripts beside the recordings, as Five9 can export them
    return {
      id: domain.id,
      name: domain.name,
      admin: { username: admin.username, password: admin.password },
      apiClient: { clientId: client.clientId, clientSecret: client.clientSecret },
      ftp: { host: options.host ?? "127.0.0.1", ftpPort: sim.ftpPort, sftpPort: sim.sftpPort, username: ftp.username, password: ftp.password },
      campaigns: [...domain.campaigns],
    };
  });
  // The sandbox's FTP/SFTP export runs on this machine: tenants may enter its (loopback) host.
  const OUTBOUND_HOST_ALLOWLIST = options.host ?? "127.0.0.1";
  return { sim, domains, appEnv: { FIVE9_BASE_URL: sim.baseUrl, FIVE9_APP_CLIENT_ID: app.clientId, FIVE9_APP_CLIENT_SECRET: app.clientSecret, OUTBOUND_HOST_ALLOWLIST } };
}
