// The conformance suite against the simulator's reference receiver: every
// case passes in --quick mode through the real CLI (table, exit code, JUnit),
// a receiver that breaks a rule fails the cases that check it, and the
// suite's Five9 client honours PAUSE and RECONNECT from the receiver.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadVoiceProto, type DecodedVoiceRequest } from "../../proto/voice-proto";
import { startTestReceiver, type ReceivedStream, type ReceiverOptions, type TestReceiver } from "../../sim/voicestream/test-receiver";
import { CASES } from "./catalog";
import { parseCommandLine, resolveOptions } from "./options";
import { runSuite, selectCases } from "./runner";
import { encodeConfigRequest, encodeStatusRequest } from "./wire";

const TOKEN = "conformance-token-0123456789";
const SUBSCRIPTION = "sub-conformance-1";
const DOMAIN = "1001";

let receiver: TestReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function reference(overrides: Partial<ReceiverOptions> = {}): Promise<TestReceiver> {
  receiver = await startTestReceiver({ trustToken: TOKEN, subscriptionId: SUBSCRIPTION, domainId: DOMAIN, campaigns: ["Conformance"], holdKeepaliveMs: 1000, configTimeoutMs: 1000, ...overrides });
  return receiver;
}

function options(target: string, extra: Record<string, unknown> = {}) {
  return resolveOptions({ target, token: TOKEN, subscription: SUBSCRIPTION, domain: DOMAIN, quick: true, ...extra });
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bin/voicestream-conformance.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe("voicestream conformance suite", () => {
  it("passes every case against the reference receiver in --quick mode (CLI table, exit code, JUnit)", async () => {
    const r = await reference();
    const junit = path.join(mkdtempSync(path.join(tmpdir(), "vs-conformance-")), "junit.xml");
    const { code, stdout, stderr } = await runCli([
      "--target", r.grpcEndpoint, "--token", TOKEN, "--subscription", SUBSCRIPTION, "--domain", DOMAIN,
      "--unchosen-campaign", "Outbound Other", "--quick", "--hold-status-ms", "2000", "--junit", junit,
    ]);
    const table = stdout.slice(stdout.indexOf("case  "), stdout.indexOf(" cases)") + 7);
    const rows = Object.fromEntries([...table.matchAll(/^(\S+)\s+(PASS|FAIL|SKIP)\s/gm)].map((m) => [m[1], m[2]]));
    expect(rows, `${stdout}\n${stderr}`).toEqual(Object.fromEntries(CASES.map((c) => [c.id, "PASS"])));
    expect(table).toContain(`${CASES.length} passed, 0 failed, 0 skipped (${CASES.length} cases)`);
    expect(code).toBe(0);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain(`tests="${CASES.length}" failures="0"`);
    expect(xml.match(/<testcase /g)).toHaveLength(CASES.length);
    // The reference saw what the cases sent: refused streams stored nothing, the hold got keepalives.
    expect(r.streams.filter((s) => s.rejected).every((s) => s.audio().length === 0)).toBe(true);
  }, 180_000);

  it("fails a receiver that never sends START (Five9 gives up) or stays silent on hold", async () => {
    const silent = await reference({ onConfig: () => {}, holdKeepaliveMs: 60_000 });
    const results = await runSuite(options(silent.grpcEndpoint, { only: ["config-first", "hold-resume"], startTimeoutMs: 500 }));
    expect(results.map((x) => [x.id, x.status])).toEqual([["config-first", "fail"], ["hold-resume", "fail"]]);
    expect(results[0]!.checks[0]).toMatchObject({ ok: false, name: "START: SRV_REQ_START_STREAMING within 500 ms" });
    expect(results[0]!.checks[0]!.detail).toMatch(/gave up as Five9 does/);
    // The client gave up as Five9 does: CLT_ERROR_TIMEOUT, then half-close.
    await silent.waitFor(() => silent.streams.length === 2 && silent.streams.every((s) => s.halfClosed || s.cancelled));
    expect(silent.streams.map((s) => s.statuses())).toEqual([["CLT_ERROR_TIMEOUT"], ["CLT_ERROR_TIMEOUT"]]);
    await silent.close();

    receiver = await startTestReceiver({ trustToken: TOKEN, holdKeepaliveMs: 60_000 });
    const [hold] = await runSuite(options(receiver.grpcEndpoint, { only: ["hold-resume"], holdMs: 2500, holdStatusMs: 1000 }));
    expect(hold!.status).toBe("fail");
    expect(hold!.checks.find((c) => !c.ok)).toMatchObject({ name: "hold: an application status at least every 1 s on hold", detail: expect.stringMatching(/0 statuses/) });
  }, 60_000);

  it("fails a receiver that lets a wrong token or an unknown subscription in", async () => {
    const lax = await startTestReceiver({ trustToken: TOKEN });
    receiver = lax;
    const results = await runSuite(options(lax.grpcEndpoint, { only: ["wrong-token-metadata", "unknown-subscription"] }));
    expect(results.map((x) => [x.id, x.status])).toEqual([["wrong-token-metadata", "pass"], ["unknown-subscription", "fail"]]);
    expect(results[1]!.checks.filter((c) => !c.ok).map((c) => c.name)).toContain("refused: no SRV_REQ_START_STREAMING");
  }, 60_000);

  it("honours PAUSE (no audio until START) and RECONNECT (same leg on a new stream) from the receiver", async () => {
    const marks: { pausedAt?: number; resumedAt?: number } = {};
    const firstOf = (s: ReceivedStream) => receiver!.streams.find((x) => x.config.vcc_call_id === s.config.vcc_call_id) === s;
    const r = await reference({
      onAudio: (s) => {
        if (!firstOf(s)) return;
        const n = s.audio().length;
        if (n === 10) {
          marks.pausedAt = performance.now();
          s.send("SRV_REQ_PAUSE_STREAMING");
          setTimeout(() => {
            marks.resumedAt = performance.now();
            s.send("SRV_REQ_START_STREAMING");
          }, 300);
        }
        if (n === 40) s.send("SRV_REQ_RECONNECT");
      },
    });
    const [paced] = await runSuite(options(r.grpcEndpoint, { only: ["paced-audio"], pacedMs: 2000 }));
    expect(paced!.status, JSON.stringify(paced!.checks)).toBe("pass");
    const callId = r.streams[0]!.config.vcc_call_id;
    const legStreams = r.streams.filter((s) => s.config.vcc_call_id === callId);
    expect(legStreams).toHaveLength(2);
    expect(legStreams[1]!.config).toEqual(legStreams[0]!.config);
    expect(legStreams[0]!.halfClosed).toBe(true);
    expect(legStreams[1]!.statuses()).toEqual(["CLT_CALL_ENDED"]);
    expect(legStreams[1]!.audio().length).toBeGreaterThan(10);
    // Nothing sent while paused (a frame already in flight may land just after the PAUSE).
    const duringPause = legStreams[0]!.audio().filter((m) => m.arrivedAt > marks.pausedAt! + 150 && m.arrivedAt < marks.resumedAt!);
    expect(duringPause).toHaveLength(0);
  }, 60_000);
});

describe("conformance options and wire", () => {
  it("validates options, fills --quick defaults, refuses unknown cases", () => {
    expect(() => resolveOptions({ target: "nohost", token: "", subscription: "s", domain: "d" })).toThrow(/--target must be host:port[\s\S]*--token is required/);
    const full = resolveOptions({ target: "127.0.0.1:50051", token: "t", subscription: "s", domain: "d" });
    expect(full).toMatchObject({ holdMs: 25_000, holdStatusMs: 20_000, pingMs: 10_000, longCallMs: 300_000, startTimeoutMs: 5000, campaign: "Conformance" });
    expect(resolveOptions({ ...parseCommandLine(["--target", "[::1]:5", "--token", "t", "--subscription", "s", "--domain", "d", "--quick", "--hold-ms", "4000", "--only", "config-first, ping-flood"]).input })).toMatchObject({
      target: "[::1]:5",
      quick: true,
      holdMs: 4000,
      pingMs: 500,
      only: ["config-first", "ping-flood"],
    });
    expect(() => parseCommandLine(["--nope"])).toThrow();
    expect(() => selectCases(["config-first", "no-such-case"])).toThrow(/Unknown case no-such-case; known: config-first/);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  it("hand-written messages decode with the schema (unknown enum numbers kept)", () => {
    const deserialize = loadVoiceProto().service.StreamingVoice!.requestDeserialize as (b: Buffer) => DecodedVoiceRequest;
    const config = deserialize(
      encodeConfigRequest({ voiceConfig: { encoding: 1, sampleRateHertz: 8000 }, vccCallId: "c-1", domainId: "1001", campaignId: "Sales", agentId: "a", callLeg: 7, trustToken: "tok", subscriptionId: "s", skillId: "" }),
    );
    expect(config.streaming_request).toBe("streaming_config");
    expect(config.streaming_config).toMatchObject({ vcc_call_id: "c-1", domain_id: "1001", trust_token: "tok", subscription_id: "s", call_leg: 7, voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 } });
    const status = deserialize(encodeStatusRequest(2001, "odd"));
    expect(status.streaming_status).toMatchObject({ code: 2001, message: "odd" });
  });
});
