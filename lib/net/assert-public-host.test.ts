// Hosts a tenant enters must be public: refused as typed and after DNS
// resolution (mapped and embedded IPv4 included), unless allow-listed.
import { describe, expect, it } from "vitest";
import { assertPublicHost, nonPublicReason, parseHostAllowList } from "./assert-public-host";

const none = parseHostAllowList(undefined);
const resolvingTo = (...addresses: string[]) => ({ allowList: none, resolve: async () => addresses });
const refusal = async (host: string, options: Parameters<typeof assertPublicHost>[1] = { allowList: none }) => {
  try {
    await assertPublicHost(host, options);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${host} was accepted`);
};

describe("nonPublicReason", () => {
  it.each([
    ["127.0.0.1", /loopback/], ["127.8.9.10", /loopback/], ["::1", /loopback/], ["0.0.0.0", /private or reserved/], ["::", /private or reserved/],
    ["10.1.2.3", /private/], ["172.16.0.1", /private/], ["172.31.255.255", /private/], ["192.168.1.1", /private/], ["100.64.0.1", /private/],
    ["169.254.169.254", /metadata/], ["169.254.1.1", /link-local/], ["fe80::1", /link-local/], ["fd00::1", /private/], ["fc12:3456::1", /private/],
    ["::ffff:127.0.0.1", /loopback/], ["::ffff:7f00:1", /loopback/], ["::ffff:169.254.169.254", /metadata/], ["::ffff:a9fe:a9fe", /metadata/],
    ["64:ff9b::10.0.0.1", /private/], ["2002:c0a8:0101::1", /private/], ["224.0.0.1", /reserved/], ["255.255.255.255", /reserved/],
  ])("%s is not public", (address, reason) => {
    expect(nonPublicReason(address)).toMatch(reason);
  });

  it.each(["8.8.8.8", "93.184.215.14", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });
});

describe("assertPublicHost", () => {
  it("refuses private, loopback and link-local addresses as typed, naming why", async () => {
    expect(await refusal("127.0.0.1")).toMatch(/public internet: 127\.0\.0\.1 is a loopback address/);
    expect(await refusal("169.254.169.254")).toMatch(/cloud metadata/);
    expect(await refusal("0.0.0.0")).toMatch(/private or reserved/);
    expect(await refusal("[::ffff:10.0.0.5]")).toMatch(/private/);
    expect(await refusal("localhost")).toMatch(/loopback/);
    expect(await refusal("ftp.localhost")).toMatch(/loopback/);
  });

  it("refuses a name that resolves to a non-public address (any of its answers)", async () => {
    expect(await refusal("ftp.example.com", resolvingTo("10.0.0.7"))).toMatch(/ftp\.example\.com resolves to 10\.0\.0\.7, a private/);
    expect(await refusal("ftp.example.com", resolvingTo("93.184.215.14", "::ffff:127.0.0.1"))).toMatch(/loopback/);
    expect(await refusal("meta.example.com", resolvingTo("fd00:ec2::254"))).toMatch(/metadata/);
    // Real DNS: numeric shorthands resolve to loopback.
    expect(await refusal("2130706433")).toMatch(/resolves to 127\.0\.0\.1/);
    expect(await refusal("no-such-host.invalid")).toMatch(/could not be found/);
  });

  it("accepts public hosts and answers the checked address to connect to", async () => {
    expect(await assertPublicHost("8.8.8.8", { allowList: none })).toEqual({ host: "8.8.8.8", address: "8.8.8.8" });
    expect(await assertPublicHost("ftp.example.com", resolvingTo("93.184.215.14", "2606:4700::1"))).toEqual({ host: "ftp.example.com", address: "93.184.215.14" });
  });

  it("lets the allow-list permit names, addresses and ranges, and nothing else", async () => {
    const allowList = parseHostAllowList(" 127.0.0.1 , 10.20.0.0/16, ftp.internal.example,[::1]");
    expect((await assertPublicHost("127.0.0.1", { allowList })).address).toBe("127.0.0.1");
    expect((await assertPublicHost("::1", { allowList })).address).toBe("::1");
    expect((await assertPublicHost("files.corp", { allowList, resolve: async () => ["10.20.3.4"] })).address).toBe("10.20.3.4");
    expect((await assertPublicHost("ftp.internal.example", { allowList, resolve: async () => ["192.168.9.9"] })).address).toBe("192.168.9.9");
    expect(await refusal("files.corp", { allowList, resolve: async () => ["10.21.0.1"] })).toMatch(/private/);
    expect(await refusal("127.0.0.2", { allowList })).toMatch(/loopback/);
    expect(() => parseHostAllowList("10.0.0.0/99")).toThrow(/not a valid CIDR range/);
  });
});
