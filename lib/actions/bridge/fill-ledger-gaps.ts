"use server";
import { cookies } from "next/headers";
import { fillLedgerGaps } from "@/lib/bridge/modes/mode-actions";

export async function fillLedgerGapsAction(form: FormData) {
  return fillLedgerGaps(await cookies(), Object.fromEntries(form));
}
