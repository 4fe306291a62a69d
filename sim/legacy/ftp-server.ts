// The legacy export over FTP, served by ftp-srv with a read-only virtual file
// system backed by the export catalog (no file ever touches the disk).
import { Readable } from "node:stream";
import type { Logger } from "pino";
import { FileSystem, FtpSrv, type FtpConnection } from "ftp-srv";
import type { ExportAccount, ExportAccountStore } from "./export-accounts";
import { splitPath, type CatalogEntry, type ExportCatalog } from "./export-catalog";

/** ftp-srv replies with an error's message and `code`; its own error classes are not exported at run time. */
class FtpReplyError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

const FILE_MODE = 0o100444;
const DIR_MODE = 0o040555;

/** The stat shape ftp-srv's LIST formatter reads. */
function toStat(entry: CatalogEntry) {
  const isDir = entry.kind === "dir";
  return {
    name: entry.name,
    size: isDir ? 0 : entry.size,
    mtime: new Date(entry.mtime),
    mode: isDir ? DIR_MODE : FILE_MODE,
    uid: 1,
    gid: 1,
    isDirectory: () => isDir,
    isFile: () => !isDir,
  };
}

function denied(): never {
  throw new FtpReplyError("Permission denied: the export is read-only", 550);
}

class ExportFileSystem extends FileSystem {
  private dir = "/";

  constructor(connection: FtpConnection, private readonly catalog: ExportCatalog, private readonly account: ExportAccount) {
    super(connection, { root: "/", cwd: "/" });
  }

  private resolve(p = "."): string {
    return "/" + splitPath(p.startsWith("/") ? p : `${this.dir}/${p}`).join("/");
  }

  override currentDirectory(): string {
    return this.dir;
  }

  override async get(fileName: string) {
    const entry = this.catalog.stat(this.account, this.resolve(fileName));
    if (!entry) throw new FtpReplyError("No such file or directory", 550);
    return toStat(entry);
  }

  override async list(p = ".") {
    const entries = this.catalog.list(this.account, this.resolve(p));
    if (!entries) throw new FtpReplyError("No such directory", 550);
    return entries.map(toStat);
  }

  override async chdir(p = ".") {
    const target = this.resolve(p);
    const entry = this.catalog.stat(this.account, target);
    if (entry?.kind !== "dir") throw new FtpReplyError("Not a valid directory", 550);
    this.dir = target;
    return this.dir;
  }

  override async read(fileName: string, { start }: { start?: number } = {}) {
    const clientPath = this.resolve(fileName);
    const entry = this.catalog.stat(this.account, clientPath);
    if (entry?.kind !== "file") throw new FtpReplyError("No such file", 550);
    const fault = this.catalog.startRead(this.account, entry);
    if (fault === "denied") throw new FtpReplyError("Permission denied", 550);
    // ftp-srv pauses the stream and resumes it once the data socket is ready.
    const stream = Readable.from(fault ? this.cutHalfWay(entry, start ?? 0, fault) : this.catalog.read(entry, start ?? 0), { objectMode: false });
    stream.pause();
    return { stream, clientPath };
  }

  /** Half the bytes, then the file is deleted (the transfer fails) or the whole connection drops. */
  private async *cutHalfWay(entry: Extract<CatalogEntry, { kind: "file" }>, start: number, fault: "vanish" | "drop"): AsyncGenerator<Buffer> {
    const half = Math.max(start, Math.floor(entry.size / 2));
    yield* this.catalog.read(entry, start, half);
    await new Promise((r) => setTimeout(r, 20));
    if (fault === "drop") (this.connection as unknown as { commandSocket?: import("node:net").Socket }).commandSocket?.destroy();
    throw new FtpReplyError(fault === "vanish" ? "File was removed during the transfer" : "Connection lost", 451);
  }

  override write(): never {
    return denied();
  }
  override delete(): never {
    return denied();
  }
  override mkdir(): never {
    return denied();
  }
  override rename(): never {
    return denied();
  }
  override chmod(): never {
    return denied();
  }
}

/**
 * ftp-srv logs every client mistake (wrong password, a denied upload, a path
 * that does not exist) at error level; for a simulator those are normal
 * traffic, so its whole log goes to debug. Server failures are logged by us.
 */
function quietLogger(log: Logger): unknown {
  const debug = (...args: unknown[]) => (log.debug as (...a: unknown[]) => void)(...args);
  const adapter = { trace: debug, debug, info: debug, warn: debug, error: debug, fatal: debug, child: () => adapter };
  return adapter;
}

export interface FtpExportServer {
  port: number;
  close(): Promise<void>;
}

export async function startFtpExport(options: { host: string; port: number; accounts: ExportAccountStore; catalog: ExportCatalog; log: Logger }): Promise<FtpExportServer> {
  const before = new Set(["SIGTERM", "SIGINT", "SIGQUIT"].flatMap((s) => process.listeners(s as NodeJS.Signals)));
  const server = new FtpSrv({
    url: `ftp://${options.host}:${options.port}`,
    pasv_url: options.host,
    // 0..0 makes every passive data socket listen on a port the OS picks (PASV reports the real one).
    pasv_min: 0,
    pasv_max: 0,
    anonymous: false,
    greeting: "Five9 recordings export (simulator)",
    log: quietLogger(options.log),
  });
  // ftp-srv installs SIGTERM/SIGINT handlers that call process.exit; the
  // simulator process owns its own shutdown, so take them back off.
  for (const signal of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) {
    for (const l of process.listeners(signal)) if (!before.has(l)) process.removeListener(signal, l);
  }
  server.on("login", ({ connection, username, password }, resolve, reject) => {
    const account = options.accounts.authenticate(username, password);
    if (!account) {
      options.log.info({ username }, "ftp login rejected");
      reject(new FtpReplyError("Invalid username or password", 530));
      return;
    }
    resolve({ fs: new ExportFileSystem(connection, options.catalog, account) });
  });
  server.on("client-error", ({ error }) => options.log.debug({ err: error }, "ftp client error"));
  server.on("server-error" as never, ({ error }: { error: Error }) => options.log.error({ err: error }, "ftp server error"));
  await server.listen();
  const address = (server as unknown as { server: import("node:net").Server }).server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    port,
    close: async () => {
      await server.close();
    },
  };
}
