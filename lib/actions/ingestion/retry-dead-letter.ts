"use server";
import { cookies } from "next/headers";
import { retryDeadLetter } from "@/lib/ingestion-status/backfill-actions";

export async function retryDeadLetterAction(slug: string, deadLetterId: string) {
  return retryDeadLetter(await cookies(), { slug, deadLetterId });
}
