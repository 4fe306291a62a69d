"use server";
// Creates (or, with rotate, replaces) the live-audio trust token and event URL.
import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/auth/guard";
import { provisionLiveAudio, type LiveAudioSetup } from "@/lib/install/live-audio";

export async function provisionLiveAudioAction(slug: string, rotate: boolean): Promise<ActionResult<LiveAudioSetup>> {
  return provisionLiveAudio(await cookies(), { slug, rotate });
}
