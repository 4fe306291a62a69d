// Five9 domains of the simulated world: users, campaigns, skills, time zone,
// and the batches of calls created in them. Everything derives from the seed.
import { rngFor } from "./random";
import type { UserRole } from "./types";

export interface SimUser {
  id: string;
  username: string;
  fullName: string;
  role: UserRole;
  password: string;
}

export interface CallBatch {
  index: number;
  count: number;
  from: number;
  to: number;
}

export interface SimDomain {
  id: string;
  name: string;
  timeZone: string;
  users: SimUser[];
  campaigns: string[];
  skills: string[];
  batches: CallBatch[];
  migrated: boolean;
}

const FIRST = ["Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Keiko", "Liam", "Maya", "Noah"];
const LAST = ["Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber", "Young", "Zhou"];

export const DEFAULT_TIME_ZONE = "America/Los_Angeles";

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A new domain with its default staff, campaigns and skills (same seed + name → same domain). */
export function createDomain(seed: number, ordinal: number, name: string, timeZone = DEFAULT_TIME_ZONE): SimDomain {
  const rng = rngFor(seed, "domain", name);
  const id = String(1000 + ordinal);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const person = (role: UserRole, n: number): SimUser => {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    return {
      id: `${id}${String(n).padStart(4, "0")}`,
      username: role === "agent" ? `${first.toLowerCase()}.${last.toLowerCase()}${n}@${slug}.sim` : `${role}@${slug}.sim`,
      fullName: `${first} ${last}`,
      role,
      password: `${role}-${rng.hex(8).toLowerCase()}`,
    };
  };
  const users = [person("admin", 1), person("supervisor", 2), ...Array.from({ length: 6 }, (_, i) => person("agent", 10 + i))];
  return {
    id,
    name,
    timeZone,
    users,
    campaigns: ["Inbound Sales", "Customer Support", "Outbound Retention"],
    skills: ["Sales", "Support", "Billing", "Spanish"],
    batches: [],
    migrated: false,
  };
}
