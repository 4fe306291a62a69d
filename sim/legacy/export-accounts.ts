// FTP/SFTP export accounts: what a Five9 admin types into a campaign's
// "export recordings to FTP" settings, seen from the server side. One account
// per domain export; its options (session-id naming, upload delay, campaigns, transcripts)
// decide what that login sees, so two accounts on one domain can differ.
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import { z } from "zod";

export const exportSettingsSchema = z.object({
  /** Append `_<sessionId>` to every file name (Five9's "name files by session id"). */
  sessionIdNaming: z.boolean().default(false),
  /** Simulated minutes between a call's end and its file appearing. */
  uploadDelayMinutes: z.number().min(0).max(24 * 60).default(5),
  /** Campaigns exported; omitted = every campaign of the domain. */
  campaigns: z.array(z.string().min(1)).optional(),
  /** IANA zone for folder dates and name times; omitted = the domain's zone. */
  timeZone: z.string().min(1).optional(),
  /** Share of inbound recordings named with `_IVR` (0..1). */
  ivrShare: z.number().min(0).max(1).default(0.1),
  /** Also export each call's transcript beside its recording (`<same stem>.json`, the API transcript's JSON). */
  transcripts: z.boolean().default(false),
});

export const createExportAccountSchema = exportSettingsSchema.extend({
  username: z.string().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/).optional(),
  password: z.string().min(8).max(128).optional(),
});

export type ExportSettings = z.output<typeof exportSettingsSchema>;
export type CreateExportAccountInput = z.input<typeof createExportAccountSchema>;

export interface ExportAccount {
  domainId: string;
  username: string;
  password: string;
  settings: ExportSettings;
  /** Simulated time the account was created: faults apply to files that appear after it. */
  createdAt: number;
}

/** A request the export cannot take (unknown domain, taken username), with the HTTP status to answer. */
export class ExportInputError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

export class ExportAccountStore {
  private accounts = new Map<string, ExportAccount>();

  /** Creates export credentials for a domain (random ones unless given). */
  create(domainId: string, input: CreateExportAccountInput, now: number): ExportAccount {
    const parsed = createExportAccountSchema.parse(input);
    const username = parsed.username ?? `export-${domainId}-${randomBytes(3).toString("hex")}`;
    if (this.accounts.has(username)) throw new ExportInputError(409, `Export user ${username} already exists`);
    const { username: _u, password: _p, ...settings } = parsed;
    const account: ExportAccount = {
      domainId,
      username,
      password: parsed.password ?? randomBytes(12).toString("base64url"),
      settings,
      createdAt: now,
    };
    this.accounts.set(username, account);
    return account;
  }

  remove(username: string): boolean {
    return this.accounts.delete(username);
  }

  list(domainId?: string): ExportAccount[] {
    return [...this.accounts.values()].filter((a) => !domainId || a.domainId === domainId);
  }

  /** The account for a login, comparing passwords in constant time. */
  authenticate(username: string, password: string): ExportAccount | undefined {
    const account = this.accounts.get(username);
    // Compare digests so unequal lengths take the same path as a wrong password.
    const ok = timingSafeEqual(digest(account?.password ?? "\u0000no-account"), digest(password));
    return account && ok ? account : undefined;
  }
}
