// The Five9 user saved on the History access step, opened for use. The only
// place besides the install step and the call log source that opens it.
import { contextFor } from "../crypto/sealed-fields";
import { openSecret } from "../crypto/secrets";
import { db } from "../db";

export async function savedSupervisorLogin(tenantId: string): Promise<{ username: string; password: string } | undefined> {
  const cred = await db().supervisorCredential.findUnique({ where: { tenantId } });
  if (!cred) return undefined;
  return { username: cred.username, password: openSecret(cred.passwordSealed, contextFor("supervisorCredential", tenantId, "passwordSealed")) };
}
