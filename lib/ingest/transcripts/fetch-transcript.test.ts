import { describe, expect, it } from "vitest";
import { transcriptFor } from "../../../sim/world/transcript";
import { IngestError } from "../recordings/ingest-error";
import { listRecordings } from "../recordings/list-recordings";
import { simRecordingsFixture } from "../../../test/support/sim-recordings";
import { fetchTranscript } from "./fetch-transcript";
import { parseTranscript } from "./transcript-schema";

const f = simRecordingsFixture({ calls: 10, seed: 9 });

describe("fetchTranscript", () => {
  it("returns each call's transcript with speaker legs and times, as the simulator has it", async () => {
    const client = f.newClient();
    for (const call of f.recorded.slice(0, 4)) {
      const transcript = await fetchTranscript({ client, callId: call.callId });
      const truth = transcriptFor(f.sim.world.findCall(f.domainId, call.callId)!);
      expect(transcript.callId).toBe(call.callId);
      expect(transcript.language).toBe("en-US");
      expect(transcript.segments).toEqual(truth.utterances.map((u) => ({ speaker: u.leg === "AGENT" ? "agent" : "customer", startMs: u.startMs, endMs: u.endMs, text: u.text })));
      expect(transcript.legs.sort()).toEqual(["agent", "customer"]);
      expect(transcript.segments.every((s) => s.endMs <= call.durationSec * 1000)).toBe(true);
    }
  });

  it("uses the listing's transcriptPath and retries a 429", async () => {
    const client = f.newClient();
    const [item] = (await listRecordings({ client, ...f.window() })).items;
    await f.control.addFault({ domainId: f.domainId, endpoint: item!.transcriptPath!, type: "status", status: 429, retryAfterSeconds: 0, count: 2 });
    const transcript = await fetchTranscript({ client, callId: item!.callId, transcriptPath: item!.transcriptPath });
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect((await f.control.requests({ path: item!.transcriptPath! })).map((r) => r.status).slice(-3)).toEqual([429, 429, 200]);
  });

  it("refuses a body that does not parse as a transcript, naming the call", async () => {
    const client = f.newClient();
    const [item] = (await listRecordings({ client, ...f.window() })).items;
    // The recording route answers real WAV bytes where JSON is expected.
    const error = await fetchTranscript({ client, callId: item!.callId, transcriptPath: item!.recordingPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ kind: "invalid_transcript", callId: item!.callId, retryable: false });
    expect((error as Error).message).toMatch(new RegExp(`^Call ${item!.callId}: the transcript is not JSON`));
  });

  it("reports a transcript that does not exist as not_found", async () => {
    const error = await fetchTranscript({ client: f.newClient(), callId: "399999999" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "not_found", callId: "399999999" });
  });
});

describe("parseTranscript", () => {
  const valid = { callId: "300000000001", sessionId: "AB", language: "en-US", utterances: [{ leg: "CUSTOMER", startMs: 900, endMs: 1500, text: " Hi. " }, { leg: "AGENT", startMs: 0, endMs: 800, text: "Hello." }] };

  it("sorts segments by time, trims text and lists the legs present", () => {
    expect(parseTranscript("300000000001", JSON.stringify(valid))).toEqual({
      callId: "300000000001",
      sessionId: "AB",
      language: "en-US",
      legs: ["agent", "customer"],
      segments: [
        { speaker: "agent", startMs: 0, endMs: 800, text: "Hello." },
        { speaker: "customer", startMs: 900, endMs: 1500, text: "Hi." },
      ],
    });
  });

  it.each([
    ["an utterance ending before it starts", { ...valid, utterances: [{ leg: "AGENT", startMs: 500, endMs: 100, text: "x" }] }, /utterances\[0\]\.endMs: endMs is before startMs/],
    ["negative times", { ...valid, utterances: [{ leg: "AGENT", startMs: -1, endMs: 100, text: "x" }] }, /utterances\[0\]\.startMs/],
    ["no utterances list", { callId: "300000000001" }, /utterances/],
    ["another call's transcript", { ...valid, callId: "300000000002" }, /is for call 300000000002/],
  ])("refuses %s", (_name, body, message) => {
    expect(() => parseTranscript("300000000001", JSON.stringify(body))).toThrow(message);
  });
});
