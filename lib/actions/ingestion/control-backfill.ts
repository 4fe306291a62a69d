"use server";
import { cookies } from "next/headers";
import { controlBackfill } from "@/lib/ingestion-status/backfill-actions";

export async function controlBackfillAction(slug: string, backfillId: string, command: "pause" | "resume" | "cancel") {
  return controlBackfill(await cookies(), { slug, backfillId, command });
}
