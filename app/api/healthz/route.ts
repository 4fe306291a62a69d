import { databaseAnswers } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await databaseAnswers();
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
