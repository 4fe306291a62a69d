"use server";
import { cookies } from "next/headers";
import { controlBackfill, retryDeadLetter, startBackfill } from "@/lib/ingestion-status/backfill-actions";

export async function startBackfillAction(form: FormData) {
  return startBackfill(await cookies(), { slug: form.get("slug"), from: form.get("from"), to: form.get("to") });
}

export async function controlBackfillAction(slug: string, backfillId: string, command: "pause" | "resume" | "cancel") {
  return controlBackfill(await cookies(), { slug, backfillId, command });
}

export async function retryDeadLetterAction(slug: string, deadLetterId: string) {
  return retryDeadLetter(await cookies(), { slug, deadLetterId });
}
