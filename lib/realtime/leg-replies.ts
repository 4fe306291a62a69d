// What the receiver writes back on one stream: statuses and feedback while it
// is open, and one final answer. Five9 reads the application status, so a
// refusing gRPC code is always preceded by an SRV_ERROR_* status
// (docs/five9.md §3). Writes to a stream that went away are dropped.
import type * as grpc from "@grpc/grpc-js";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { StatusCodeName, StreamingVoiceResponse } from "../../proto/voice-proto";
import type { ReceivedVoiceRequest } from "./voice-decode";

export type VoiceServerCall = grpc.ServerDuplexStream<ReceivedVoiceRequest, StreamingVoiceResponse>;
export interface FinalReply { code: grpc.status; details: string }

/** The application status sent before a refusing gRPC code. */
const ERROR_STATUS_FOR: Partial<Record<grpc.status, StatusCodeName>> = {
  [grpcStatus.DEADLINE_EXCEEDED]: "SRV_ERROR_TIMEOUT",
  [grpcStatus.RESOURCE_EXHAUSTED]: "SRV_ERROR_NO_RESOURCE",
  [grpcStatus.UNAVAILABLE]: "SRV_ERROR_NO_RESOURCE",
};

export class LegReplies {
  private errorSent = false;
  private replied = false;

  constructor(private readonly call: VoiceServerCall) {}

  send(code: StatusCodeName, message = ""): void {
    if (code.startsWith("SRV_ERROR")) this.errorSent = true;
    this.write({ status: { code, message } });
  }

  write(response: StreamingVoiceResponse): void {
    if (response.status?.code.startsWith("SRV_ERROR")) this.errorSent = true;
    if (this.call.cancelled || this.call.writableEnded || this.call.destroyed) return;
    try {
      this.call.write(response);
    } catch {
      // The stream went away between the check and the write.
    }
  }

  /** The stream's one final answer: OK ends it; any other code follows an SRV_ERROR_* status. */
  end(reply: FinalReply): void {
    if (this.replied) return;
    this.replied = true;
    if (this.call.cancelled || this.call.destroyed) return;
    if (reply.code === grpcStatus.OK) {
      this.call.end();
      return;
    }
    if (!this.errorSent) this.send(ERROR_STATUS_FOR[reply.code] ?? "SRV_ERROR_GENERIC", reply.details);
    this.call.emit("error", { code: reply.code, details: reply.details, name: "VoiceStreamError", message: reply.details });
  }
}
