"use server";
import { cookies } from "next/headers";
import { previewBridgeChange } from "@/lib/bridge/modes/mode-actions";

export async function previewBridgeChangeAction(form: FormData) {
  return previewBridgeChange(await cookies(), Object.fromEntries(form));
}
