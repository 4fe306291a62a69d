// What a Five9 client status (StreamingStatus.code, docs/five9.md §3) means for
// the leg: hold and resume periods, the end status it sets (CLT_CALL_ENDED
// overrides what came before; DISCONNECT and the client errors only fill it),
// nothing (SUCCESS), or a code the schema does not know (logged, ignored).
import type { StatusCodeName } from "../../proto/voice-proto";

/** Five9's client error codes: each ends the leg as `client_error:<code>`. */
const CLIENT_ERRORS = new Set(["CLT_ERROR_NO_RESOURCE", "CLT_ERROR_TIMEOUT", "CLT_ERROR_GENERIC"]);

export type ClientStatusMeaning =
  | { kind: "ignore" }
  | { kind: "hold" }
  | { kind: "resume" }
  | { kind: "end"; endStatus: string; overrides: boolean; callEnded: boolean; log?: string }
  | { kind: "unknown" };

export function clientStatusMeaning(code: StatusCodeName | number | undefined): ClientStatusMeaning {
  switch (code) {
    case "SUCCESS":
      return { kind: "ignore" };
    case "CLT_CALL_HOLD":
      return { kind: "hold" };
    case "CLT_CALL_RESUME":
      return { kind: "resume" };
    case "CLT_CALL_ENDED":
      return { kind: "end", endStatus: "call_ended", overrides: true, callEnded: true };
    case "CLT_DISCONNECT":
      return { kind: "end", endStatus: "disconnect", overrides: false, callEnded: false };
    default:
      if (typeof code === "string" && CLIENT_ERRORS.has(code)) return { kind: "end", endStatus: `client_error:${code}`, overrides: false, callEnded: false, log: "Five9 reported an error on the stream" };
      return { kind: "unknown" };
  }
}
