"use server";
import { cookies } from "next/headers";
import { changeBridgeModeAction } from "@/lib/bridge/modes/mode-actions";

export async function confirmBridgeChangeAction(form: FormData) {
  return changeBridgeModeAction(await cookies(), Object.fromEntries(form));
}
