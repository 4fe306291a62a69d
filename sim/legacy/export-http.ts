// HTTP face of the legacy export: create, list and delete a domain's FTP/SFTP
// export logins (what an admin sets up per campaign in Five9). Handlers are
// plain `(req, res, params)` functions so any router can mount them.
import { readJson, sendJson } from "../http/router";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createExportAccountSchema, ExportInputError, type ExportAccount } from "./export-accounts";
import type { LegacyExport } from "./server";

export type ExportHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

const json = (res: ServerResponse, status: number, body: unknown): void => sendJson(res, status, body);

export function createExportHandlers(legacy: Pick<LegacyExport, "accounts" | "createExportCredentials" | "ftpPort" | "sftpPort">, host = "127.0.0.1") {
  const describe = (a: ExportAccount, withPassword: boolean) => ({
    domainId: a.domainId,
    username: a.username,
    ...(withPassword ? { password: a.password } : {}),
    settings: a.settings,
    ftp: { host, port: legacy.ftpPort },
    sftp: { host, port: legacy.sftpPort },
  });
  const handlers = {
    /** POST body: optional username, password, sessionIdNaming, uploadDelayMinutes, campaigns, timeZone, ivrShare. The password is shown only here. */
    createExportCredentials: (async (req, res, params) => {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (error) {
        return json(res, 400, { error: error instanceof Error ? error.message : "Body is not valid JSON" });
      }
      const parsed = createExportAccountSchema.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: `Invalid export settings: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}` });
      try {
        json(res, 201, describe(legacy.createExportCredentials(params.domainId ?? "", parsed.data), true));
      } catch (error) {
        if (!(error instanceof ExportInputError)) throw error;
        json(res, error.status, { error: error.message });
      }
    }) satisfies ExportHandler,
    listExportCredentials: (async (_req, res, params) => {
      json(res, 200, { exports: legacy.accounts.list(params.domainId).map((a) => describe(a, false)) });
    }) satisfies ExportHandler,
    deleteExportCredentials: (async (_req, res, params) => {
      const account = legacy.accounts.list(params.domainId).find((a) => a.username === params.username);
      if (!account) return json(res, 404, { error: "No such export login" });
      legacy.accounts.remove(account.username);
      res.writeHead(204).end();
    }) satisfies ExportHandler,
  };
  return {
    handlers,
    routes: [
      { method: "POST" as const, path: "/_sim/domains/:domainId/legacy-export/credentials", handler: handlers.createExportCredentials },
      { method: "GET" as const, path: "/_sim/domains/:domainId/legacy-export/credentials", handler: handlers.listExportCredentials },
      { method: "DELETE" as const, path: "/_sim/domains/:domainId/legacy-export/credentials/:username", handler: handlers.deleteExportCredentials },
    ],
  };
}
