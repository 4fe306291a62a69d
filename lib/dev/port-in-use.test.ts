import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { portInUse } from "./processes";

describe("portInUse", () => {
  it("sees a port another server listens on, and sees it free again once closed", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const { port } = server.address() as { port: number };
    expect(await portInUse(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portInUse(port)).toBe(false);
  });
});
