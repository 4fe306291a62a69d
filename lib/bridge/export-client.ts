// One interface over the two protocols of Five9's legacy export: list a
// folder in batches (a day folder can hold 100k files: entries are handed on
// as they arrive, never collected into one array) and stream one file into a
// sink. FTP is basic-ftp (its LIST data socket is parsed line by line);
// SFTP is ssh2-sftp-client's SFTP channel (OPENDIR/READDIR, one reply at a time).
import type { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { Client as BasicFtpClient, type FileInfo } from "basic-ftp";
import SftpClient from "ssh2-sftp-client";
import type { SFTPWrapper } from "ssh2";
import { downloadTo } from "basic-ftp/dist/transfer";

export interface ExportEntry {
  name: string;
  kind: "dir" | "file" | "other";
  size: number;
  mtime: Date | null;
}

export interface ExportLogin {
  protocol: "ftp" | "sftp";
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface ExportClient {
  /** Calls `onBatch` with the folder's entries as they arrive (backpressure: the next batch waits for it). */
  listDir(path: string, onBatch: (entries: ExportEntry[]) => Promise<void>): Promise<void>;
  /** Streams a file into `sink`; resolves when every byte the server sent is written. */
  download(path: string, sink: Writable): Promise<void>;
  /**
   * How many downloads may usefully run at once on this login: SFTP multiplexes
   * reads on one channel; FTP has one data transfer per control connection (its
   * downloads queue, but the caller's work between them still overlaps).
   */
  readonly parallelReads: number;
  close(): Promise<void>;
}

/** The server says the path does not exist (FTP 550 "No such file or directory", SFTP NO_SUCH_FILE): deleted or renamed meanwhile. */
export function isNotFoundError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no such (file|directory)|not found|removed|does not exist/i.test(message) || (error as { code?: unknown } | null)?.code === 2;
}

const LIST_BATCH = 500;
/** SFTP: files read at once over the one channel, and bytes asked for per READ request. */
const SFTP_PARALLEL_READS = 4;
const SFTP_READ_CHUNK = 256 * 1024;

/** basic-ftp with a LIST that parses the data socket as it streams instead of buffering the whole listing. */
class StreamingFtpClient extends BasicFtpClient {
  onListBatch: ((entries: FileInfo[]) => Promise<void>) | undefined;

  protected override async _requestListWithCommand(command: string): Promise<FileInfo[]> {
    const onBatch = this.onListBatch;
    if (!onBatch) return super._requestListWithCommand(command);
    let rest = "";
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0) return;
      const batch = this.parseList(lines.join("\n"));
      lines = [];
      await onBatch(batch);
    };
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        const text = rest + chunk.toString(this.ftp.encoding);
        const parts = text.split(/\r?\n/);
        rest = parts.pop() ?? "";
        for (const line of parts) if (line.trim()) lines.push(line);
        if (lines.length < LIST_BATCH) return done();
        flush().then(() => done(), done);
      },
      final: (done) => {
        if (rest.trim()) lines.push(rest);
        rest = "";
        flush().then(() => done(), done);
      },
    });
    await downloadTo(sink, { ftp: this.ftp, tracker: this._progressTracker, command, remotePath: "", type: "list" });
    return [];
  }
}

function ftpEntry(f: FileInfo): ExportEntry {
  return { name: f.name, kind: f.isDirectory ? "dir" : f.isFile ? "file" : "other", size: f.size, mtime: f.modifiedAt ?? (f.rawModifiedAt ? parseListDate(f.rawModifiedAt) : null) };
}

/** "Mar 11 16:07" or "Mar 11 2026" from a Unix LIST line, read as UTC (minute precision at best). */
function parseListDate(raw: string): Date | null {
  const t = Date.parse(`${raw} UTC`);
  if (Number.isFinite(t)) return new Date(t);
  const withYear = Date.parse(`${raw} ${new Date().getUTCFullYear()} UTC`);
  return Number.isFinite(withYear) ? new Date(withYear) : null;
}

async function connectFtp(login: ExportLogin, timeoutMs: number): Promise<ExportClient> {
  const client = new StreamingFtpClient(timeoutMs);
  await client.access({ host: login.host, port: login.port, user: login.username, password: login.password, secure: false });
  // One transfer at a time on the control connection: later downloads wait for the one before.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    parallelReads: 1,
    async listDir(path, onBatch) {
      client.onListBatch = (files) => onBatch(files.map(ftpEntry));
      try {
        await client.list(path);
      } finally {
        client.onListBatch = undefined;
      }
    },
    download(path, sink) {
      const run = queue.then(() => client.downloadTo(sink, path));
      queue = run.catch(() => undefined);
      return run.then(() => undefined);
    },
    async close() {
      client.close();
    },
  };
}

function sftpCall<T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

async function connectSftp(login: ExportLogin, timeoutMs: number): Promise<ExportClient> {
  const client = new SftpClient();
  const sftp: SFTPWrapper = await client.connect({ host: login.host, port: login.port, username: login.username, password: login.password, readyTimeout: timeoutMs });
  const connection = (client as unknown as { client: EventEmitter }).client;
  return {
    parallelReads: SFTP_PARALLEL_READS,
    async listDir(path, onBatch) {
      const handle = await sftpCall<Buffer>((cb) => sftp.opendir(path, cb));
      try {
        for (;;) {
          const names = await new Promise<{ filename: string; longname: string; attrs: { size: number; mtime: number; mode: number } }[] | false>((resolve, reject) =>
            sftp.readdir(handle, (err, list) => {
              if (err && (err as { code?: number }).code === 1) return resolve(false); // EOF
              if (err) return reject(err);
              resolve(list);
            }),
          );
          if (!names) break;
          await onBatch(
            names
              .filter((n) => n.filename !== "." && n.filename !== "..")
              .map((n) => {
                const type = n.attrs.mode & 0o170000;
                return { name: n.filename, kind: type === 0o040000 ? "dir" : type === 0o100000 ? "file" : "other", size: n.attrs.size, mtime: n.attrs.mtime ? new Date(n.attrs.mtime * 1000) : null };
              }),
          );
        }
      } finally {
        await sftpCall<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
      }
    },
    download(path, sink) {
      // The channel's own read stream (several may run at once on one session), with bigger READ requests.
      return new Promise<void>((resolve, reject) => {
        const source = sftp.createReadStream(path, { highWaterMark: SFTP_READ_CHUNK });
        const lost = () => fail(new Error("the SFTP connection closed during the transfer"));
        let settled = false;
        const done = (error?: Error) => {
          if (settled) return;
          settled = true;
          connection.off("close", lost);
          connection.off("end", lost);
          sink.off("error", fail);
          if (error) reject(error);
          else resolve();
        };
        const fail = (error: Error) => {
          if (!settled) source.destroy();
          done(error);
        };
        connection.once("close", lost);
        connection.once("end", lost);
        // Late errors (a READ answered after the connection closed) land here too, after settling.
        source.on("error", fail);
        sink.once("error", fail);
        source.once("end", () => done());
        source.pipe(sink, { end: false });
      });
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

export function connectExport(login: ExportLogin, timeoutMs = 15_000): Promise<ExportClient> {
  return login.protocol === "ftp" ? connectFtp(login, timeoutMs) : connectSftp(login, timeoutMs);
}
