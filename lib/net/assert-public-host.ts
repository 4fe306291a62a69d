// Every host a tenant enters (today: the FTP/SFTP export server) must be a
// public address: otherwise a tenant could point Loris's worker at internal
// services (loopback, the private network, the cloud metadata endpoint).
// Checked both as typed and after DNS resolution, and callers connect to the
// address that was checked (a second lookup could answer differently).
// OUTBOUND_HOST_ALLOWLIST lets an operator permit specific names, addresses
// or CIDR ranges (the demo and tests allow the simulator's loopback).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors";
import { env } from "../env";

/** Not reachable on the public internet, or not meant to be dialled (RFC 6890 and friends). */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NON_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) NON_PUBLIC.addSubnet(net, prefix, "ipv6");

const LOOPBACK_V4 = new BlockList();
LOOPBACK_V4.addSubnet("127.0.0.0", 8, "ipv4");
const LINK_LOCAL_V4 = new BlockList();
LINK_LOCAL_V4.addSubnet("169.254.0.0", 16, "ipv4");

/** IPv4 carried inside IPv6 (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, 64:ff9b::/96 NAT64, 2002::/16 6to4): the IPv4 is what gets dialled. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1]!;
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (zeros(6) && (groups[6]! !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  if (isIP(address) !== 6 || address.includes(".")) return null;
  const [head, tail] = address.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const groups = [...left, ...fill, ...right];
  return groups.length === 8 ? groups : null;
}

/** Why an address is not public, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : null;
  if (v4) return nonPublicReason(v4);
  const family = isIP(address) === 4 ? "ipv4" : isIP(address) === 6 ? "ipv6" : null;
  if (!family) return "not an IP address";
  if (!NON_PUBLIC.check(address, family)) return null;
  if (address === "169.254.169.254" || address.toLowerCase() === "fd00:ec2::254") return "the cloud metadata address";
  if (family === "ipv4" ? LOOPBACK_V4.check(address, "ipv4") : address === "::1") return "a loopback address";
  if (family === "ipv4" ? LINK_LOCAL_V4.check(address, "ipv4") : /^fe[89ab]/i.test(address)) return "a link-local address";
  return "a private or reserved address";
}

export interface HostAllowList {
  names: Set<string>;
  addresses: BlockList;
}

/** Parses OUTBOUND_HOST_ALLOWLIST: comma-separated host names, IP addresses and CIDR ranges. */
export function parseHostAllowList(value: string | undefined): HostAllowList {
  const names = new Set<string>();
  const addresses = new BlockList();
  for (const raw of (value ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const [net, bits] = raw.replace(/^\[|\]$/g, "").split("/") as [string, string | undefined];
    const family = isIP(net);
    const max = family === 4 ? 32 : 128;
    if (family === 0) names.add(raw);
    else if (bits === undefined) addresses.addAddress(net, family === 4 ? "ipv4" : "ipv6");
    else if (/^\d+$/.test(bits) && Number(bits) <= max) addresses.addSubnet(net, Number(bits), family === 4 ? "ipv4" : "ipv6");
    else throw new Error(`OUTBOUND_HOST_ALLOWLIST: "${raw}" is not a valid CIDR range (the prefix goes from 0 to ${max})`);
  }
  return { names, addresses };
}

const allowed = (list: HostAllowList, address: string) => list.addresses.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");

export interface PublicHost {
  /** What the tenant typed. */
  host: string;
  /** The checked address to connect to. */
  address: string;
}

export interface AssertPublicHostOptions {
  allowList?: HostAllowList;
  /** DNS lookup (tests pass a fake resolver to model rebinding answers). */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves `host` and refuses it (AppError validation_failed, a message for
 * the admin) unless every address it resolves to is public or allow-listed.
 */
export async function assertPublicHost(host: string, options: AssertPublicHostOptions = {}): Promise<PublicHost> {
  const allowList = options.allowList ?? parseHostAllowList(env().OUTBOUND_HOST_ALLOWLIST);
  const typed = host.trim().replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (!typed) throw new AppError("validation_failed", "Enter a host name.");
  const nameAllowed = allowList.names.has(typed);
  if (!nameAllowed && (typed === "localhost" || typed.endsWith(".localhost"))) throw refused(host, "a loopback address");
  let addresses: string[];
  if (isIP(typed)) addresses = [typed];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(typed);
    } catch {
      throw new AppError("validation_failed", `The host ${host} could not be found (DNS). Check the spelling.`);
    }
    if (addresses.length === 0) throw new AppError("validation_failed", `The host ${host} could not be found (DNS). Check the spelling.`);
  }
  for (const address of addresses) {
    if (nameAllowed || allowed(allowList, address)) continue;
    const reason = nonPublicReason(address);
    if (reason) throw refused(host, reason, address === typed ? undefined : address);
  }
  return { host, address: addresses[0]! };
}

function refused(host: string, reason: string, resolved?: string): AppError {
  return new AppError("validation_failed", `Loris only connects to servers on the public internet: ${host}${resolved ? ` resolves to ${resolved},` : " is"} ${reason}. Enter the export server's public host name.`);
}
