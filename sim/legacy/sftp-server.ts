// The legacy export over SFTP, served by ssh2's server with a read-only
// virtual file system backed by the export catalog. The host key is made at
// start: nothing secret is committed, and clients must not pin it.
import { Server, utils, type Connection, type SFTPWrapper, type Attributes } from "ssh2";
import type { Logger } from "pino";
import type { ExportAccount, ExportAccountStore } from "./export-accounts";
import { splitPath, type CatalogEntry, type ExportCatalog } from "./export-catalog";

const { STATUS_CODE, OPEN_MODE } = utils.sftp;
const FILE_MODE = 0o100444;
const DIR_MODE = 0o040555;
/** Directory entries per READDIR reply, so one reply stays well under the SFTP packet limit. */
const NAMES_PER_REPLY = 100;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function attrsOf(entry: CatalogEntry): Attributes {
  const seconds = Math.floor(entry.mtime / 1000);
  return { mode: entry.kind === "dir" ? DIR_MODE : FILE_MODE, uid: 0, gid: 0, size: entry.kind === "dir" ? 0 : entry.size, atime: seconds, mtime: seconds };
}

/** `ls -l` style line; some clients (ssh2-sftp-client) read the type from its first character. */
function longname(entry: CatalogEntry): string {
  const d = new Date(entry.mtime);
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  const size = entry.kind === "dir" ? 0 : entry.size;
  return `${entry.kind === "dir" ? "dr-xr-xr-x" : "-r--r--r--"} 1 five9 five9 ${String(size).padStart(10)} ${when} ${entry.name}`;
}

type OpenHandle =
  | { kind: "dir"; entries: CatalogEntry[]; next: number }
  | { kind: "file"; entry: Extract<CatalogEntry, { kind: "file" }>; fault?: "vanish" | "drop" };

/** Serves one SFTP session for one authenticated export account. */
function serveSftp(sftp: SFTPWrapper, catalog: ExportCatalog, account: ExportAccount, log: Logger, drop: () => void): void {
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 1;
  const open = (h: OpenHandle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const lookup = (buf: Buffer): OpenHandle | undefined => (buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined);
  const absolute = (p: string) => "/" + splitPath(p).join("/");
  const denied = (reqId: number) => sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "The export is read-only");

  sftp.on("REALPATH", (reqId, p) => {
    const abs = absolute(p);
    sftp.name(reqId, [{ filename: abs, longname: abs, attrs: {} as Attributes }]);
  });
  const stat = (reqId: number, p: string) => {
    const entry = catalog.stat(account, absolute(p));
    if (entry) sftp.attrs(reqId, attrsOf(entry));
    else sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE, "No such file");
  };
  sftp.on("STAT", stat);
  sftp.on("LSTAT", stat);
  sftp.on("OPENDIR", (reqId, p) => {
    const entries = catalog.list(account, absolute(p));
    if (!entries) return void sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE, "No such directory");
    sftp.handle(reqId, open({ kind: "dir", entries, next: 0 }));
  });
  sftp.on("READDIR", (reqId, buf) => {
    const h = lookup(buf);
    if (h?.kind !== "dir") return void sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
    if (h.next >= h.entries.length) return void sftp.status(reqId, STATUS_CODE.EOF);
    const batch = h.entries.slice(h.next, h.next + NAMES_PER_REPLY);
    h.next += batch.length;
    sftp.name(reqId, batch.map((e) => ({ filename: e.name, longname: longname(e), attrs: attrsOf(e) })));
  });
  sftp.on("OPEN", (reqId, filename, flags) => {
    if (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC)) return void denied(reqId);
    const entry = catalog.stat(account, absolute(filename));
    if (entry?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE, "No such file");
    const fault = catalog.startRead(account, entry);
    if (fault === "denied") return void sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
    // The handle keeps the entry as it was at open: a partial file stays short for this download.
    sftp.handle(reqId, open({ kind: "file", entry, fault }));
  });
  sftp.on("READ", (reqId, buf, offset, length) => {
    const h = lookup(buf);
    if (h?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
    if (offset >= h.entry.size) return void sftp.status(reqId, STATUS_CODE.EOF);
    if (h.fault && offset >= h.entry.size / 2) {
      // Half way: the file is deleted under the reader, or the connection drops.
      if (h.fault === "drop") return void drop();
      return void sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE, "File was removed during the transfer");
    }
    sftp.data(reqId, Buffer.concat([...catalog.read(h.entry, offset, offset + length)]));
  });
  sftp.on("FSTAT", (reqId, buf) => {
    const h = lookup(buf);
    if (h?.kind !== "file") return void sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
    sftp.attrs(reqId, attrsOf(h.entry));
  });
  sftp.on("CLOSE", (reqId, buf) => {
    const ok = buf.length === 4 && handles.delete(buf.readUInt32BE(0));
    sftp.status(reqId, ok ? STATUS_CODE.OK : STATUS_CODE.FAILURE);
  });
  for (const op of ["WRITE", "REMOVE", "RMDIR", "MKDIR", "RENAME", "SETSTAT", "FSETSTAT", "SYMLINK"] as const) {
    sftp.on(op, (reqId: number) => denied(reqId));
  }
  sftp.on("READLINK", (reqId: number) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  sftp.on("error", (err: Error) => log.debug({ err }, "sftp session error"));
}

export interface SftpExportServer {
  port: number;
  /** OpenSSH public host key generated at start (for clients that want to pin it in a test). */
  hostPublicKey: string;
  close(): Promise<void>;
}

/**
 * A fresh ed25519 host key. ssh2 now and then generates one its own parser
 * rejects ("Malformed OpenSSH private key"); such a key is drawn again.
 */
export function generateHostKeys(attempts = 10): { private: string; public: string } {
  for (let i = 0; i < attempts; i++) {
    const keys = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(keys.private) instanceof Error)) return keys;
  }
  throw new Error(`could not generate a usable SSH host key in ${attempts} attempts`);
}

export async function startSftpExport(options: { host: string; port: number; accounts: ExportAccountStore; catalog: ExportCatalog; log: Logger }): Promise<SftpExportServer> {
  const keys = generateHostKeys();
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [keys.private] }, (client) => {
    clients.add(client);
    let account: ExportAccount | undefined;
    client.on("authentication", (ctx) => {
      if (ctx.method === "password") {
        account = options.accounts.authenticate(ctx.username, ctx.password);
        if (account) return ctx.accept();
        options.log.info({ username: ctx.username }, "sftp login rejected");
      }
      ctx.reject(["password"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("sftp", (acceptSftp) => {
          if (account) serveSftp(acceptSftp(), options.catalog, account, options.log, () => client.end());
        });
      });
    });
    client.on("error", (err) => options.log.debug({ err }, "sftp client error"));
    client.on("close", () => clients.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    hostPublicKey: keys.public,
    close: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
