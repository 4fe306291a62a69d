"use server";
// "Run checks" on the verify step and the overview: the run is recorded now,
// the checks themselves run after the response (Next's after()).
import { after } from "next/server";
import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/auth/guard";
import { runHealthChecks } from "@/lib/health/run-checks-action";

const runChecks = runHealthChecks((work) => after(work));

export async function runChecksAction(slug: string): Promise<ActionResult<{ runId: string }>> {
  return runChecks(await cookies(), { slug });
}
