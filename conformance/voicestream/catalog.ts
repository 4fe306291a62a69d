// Every case, in the order they run and are printed.
import { authCases } from "./cases-auth";
import { continuityCases } from "./cases-continuity";
import { protocolCases } from "./cases-protocol";
import { transportCases } from "./cases-transport";
import type { ConformanceCase } from "./case-types";

export const CASES: ConformanceCase[] = [...protocolCases, ...authCases, ...continuityCases, ...transportCases];
