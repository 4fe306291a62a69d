// V1: proves the FTP/SFTP export details a customer entered by logging in and
// listing the export folder (basic-ftp and ssh2-sftp-client do the protocols).
import { Client as FtpClient } from "basic-ftp";
import SftpClient from "ssh2-sftp-client";
import { z } from "zod";
import { assertPublicHost } from "../net/assert-public-host";
import { Five9Error } from "./errors";

export const legacyExportSchema = z.object({
  protocol: z.enum(["ftp", "sftp"], { message: "Choose FTP or SFTP" }),
  host: z.string().trim().min(1, "Enter the server's host name").max(253).regex(/^[A-Za-z0-9.-]+$/, "Enter a host name such as ftp.example.com, without ftp:// or a path"),
  port: z.coerce.number({ message: "Enter a port number" }).int("Enter a whole port number").min(1, "Ports go from 1 to 65535").max(65535, "Ports go from 1 to 65535"),
  username: z.string().trim().min(1, "Enter the FTP username").max(200),
  password: z.string().min(1, "Enter the FTP password").max(500),
  folder: z.string().trim().max(500).default("/").transform((f) => (f.startsWith("/") ? f : `/${f}`)),
});
export type LegacyExportInput = z.infer<typeof legacyExportSchema>;

/**
 * Logs in and lists the folder; returns how many entries it holds. The host
 * must be public (or allow-listed): a tenant typed it, and the worker dials it.
 * The connection goes to the address that was checked.
 */
export async function probeLegacyExport(input: LegacyExportInput, timeoutMs = 10_000): Promise<{ entries: number }> {
  const where = `${input.protocol.toUpperCase()} ${input.host}:${input.port}`;
  const { address } = await assertPublicHost(input.host);
  if (input.protocol === "ftp") {
    const client = new FtpClient(timeoutMs);
    try {
      await client.access({ host: address, port: input.port, user: input.username, password: input.password, secure: false });
      return { entries: (await client.list(input.folder)).length };
    } catch (error) {
      throw legacyError(error, where);
    } finally {
      client.close();
    }
  }
  const client = new SftpClient();
  try {
    await client.connect({ host: address, port: input.port, username: input.username, password: input.password, readyTimeout: timeoutMs });
    return { entries: (await client.list(input.folder)).length };
  } catch (error) {
    throw legacyError(error, where);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function legacyError(error: unknown, where: string): Five9Error {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 530 || /authentication|login|password|530/i.test(message)) return new Five9Error("unauthorized", `${where} refused the username or password`);
  if (code === 550 || /no such file|not found|550/i.test(message)) return new Five9Error("bad_response", `${where}: the folder does not exist`);
  return new Five9Error("unreachable", `Could not reach ${where} (${message})`);
}
