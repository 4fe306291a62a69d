// Five9's legacy recordings export (V1): the same virtual tree over FTP and
// SFTP, one login per domain export. See sim/legacy/README.md.
import pino, { type Logger } from "pino";
import type { CallFeed, SimClock } from "../world/types";
import { ExportAccountStore, ExportInputError, type CreateExportAccountInput, type ExportAccount } from "./export-accounts";
import { ExportCatalog, type CatalogOptions, type DomainInfo, type LegacyFaultSource } from "./export-catalog";
import { startFtpExport } from "./ftp-server";
import { startSftpExport } from "./sftp-server";

export interface LegacyExportOptions {
  feed: CallFeed;
  clock: SimClock;
  faults?: LegacyFaultSource;
  /** The domain's time zone, undefined for an unknown domain; `(id) => world.domains.get(id)` fits. Without it every domain id is accepted, in America/Los_Angeles. */
  describeDomain?: (domainId: string) => DomainInfo | undefined;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  ftpPort?: number;
  sftpPort?: number;
  /** Share an account store with the control API; default a new one. */
  accounts?: ExportAccountStore;
  log?: Logger;
  catalog?: Pick<CatalogOptions, "historyDays" | "maxCallMs" | "partialGrowMs" | "reuploadAfterMs">;
}

export interface LegacyExport {
  ftpPort: number;
  sftpPort: number;
  /** OpenSSH public key of the SFTP host key generated at start. */
  sftpHostPublicKey: string;
  accounts: ExportAccountStore;
  catalog: ExportCatalog;
  /** Creates FTP/SFTP credentials for a domain's export (random username/password unless given). */
  createExportCredentials(domainId: string, input?: CreateExportAccountInput): ExportAccount;
  close(): Promise<void>;
}

export async function startLegacyExport(options: LegacyExportOptions): Promise<LegacyExport> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? pino({ level: "silent" });
  const accounts = options.accounts ?? new ExportAccountStore();
  const catalog = new ExportCatalog({ ...options.catalog, feed: options.feed, clock: options.clock, faults: options.faults, describeDomain: options.describeDomain });
  const ftp = await startFtpExport({ host, port: options.ftpPort ?? 0, accounts, catalog, log: log.child({ component: "legacy-ftp" }) });
  const sftp = await startSftpExport({ host, port: options.sftpPort ?? 0, accounts, catalog, log: log.child({ component: "legacy-sftp" }) }).catch(async (error: unknown) => {
    await ftp.close();
    throw error;
  });
  return {
    ftpPort: ftp.port,
    sftpPort: sftp.port,
    sftpHostPublicKey: sftp.hostPublicKey,
    accounts,
    catalog,
    createExportCredentials: (domainId, input = {}) => {
      // An export for a domain the world does not know would make every listing fail.
      if (options.describeDomain && !options.describeDomain(domainId)) throw new ExportInputError(404, `No domain with id ${domainId}`);
      return accounts.create(domainId, input, options.clock.now());
    },
    close: async () => {
      await Promise.all([ftp.close(), sftp.close()]);
    },
  };
}
