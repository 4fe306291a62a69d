// pg_notify for browsers: at most one notice a second per leg, the latest
// values win, ids and small numbers only.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "../env";
import { LIVE_NOTIFY_CHANNEL, LiveNotifier } from "./live-notify";

let client: pg.Client;
const got: { at: number; payload: Record<string, unknown> }[] = [];

beforeAll(async () => {
  client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  client.on("notification", (n) => got.push({ at: Date.now(), payload: JSON.parse(n.payload ?? "{}") as Record<string, unknown> }));
  await client.query(`LISTEN ${LIVE_NOTIFY_CHANNEL}`);
});

afterAll(async () => {
  await client.end();
});

describe("live notify", () => {
  it("sends the first notice at once and coalesces the rest of the second into one trailing notice", async () => {
    const notifier = new LiveNotifier(300);
    const notice = (level: number) => ({ tenantId: "t1", callId: "c1", streamSessionId: "s1", leg: "agent", level, bytes: level * 100, state: "streaming" });
    const started = Date.now();
    for (let i = 1; i <= 5; i++) notifier.notify(() => notice(i));
    const deadline = Date.now() + 3000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 400));
    expect(got.map((g) => g.payload.level)).toEqual([1, 5]);
    expect(got[1]!.at - started).toBeGreaterThanOrEqual(290);
    expect(Object.keys(got[0]!.payload).sort()).toEqual(["bytes", "callId", "leg", "level", "state", "streamSessionId", "tenantId"]);
  });
});
