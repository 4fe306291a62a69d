"use server";
import { cookies } from "next/headers";
import { startBackfill } from "@/lib/ingestion-status/backfill-actions";

export async function startBackfillAction(form: FormData) {
  return startBackfill(await cookies(), { slug: form.get("slug"), from: form.get("from"), to: form.get("to") });
}
