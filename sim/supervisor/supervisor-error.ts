// One error type for the Supervisor REST surface: an HTTP status, a stable
// machine-readable code (so the connector can tell "wrong data center" from
// "session taken over" without parsing prose) and a human message.
import type { ServerResponse } from "node:http";
import { HttpError, sendJson } from "../http/router";

export type SupervisorErrorCode =
  | "BAD_REQUEST"
  | "INVALID_CREDENTIALS"
  | "NOT_A_SUPERVISOR"
  | "DOMAIN_MIGRATED"
  | "NO_TOKEN"
  | "INVALID_TOKEN"
  | "SESSION_EXPIRED"
  | "SESSION_TAKEN_OVER"
  | "LOGGED_OUT"
  | "WRONG_DATA_CENTER"
  | "FARM_MISMATCH"
  | "FORBIDDEN_USER"
  | "SESSION_NOT_STARTED"
  | "NOT_FOUND"
  | "VIEW_NOT_FOUND"
  | "RECORDING_NOT_READY";

export class SupervisorError extends HttpError {
  constructor(status: number, readonly code: SupervisorErrorCode, message: string) {
    super(status, message);
  }
}

/** Five9 answers a request for a domain that moved to another data center with this non-standard status. */
export const DOMAIN_MIGRATED_STATUS = 435;

export function sendSupervisorError(res: ServerResponse, error: SupervisorError): void {
  sendJson(res, error.status, { error: error.message, code: error.code });
}
