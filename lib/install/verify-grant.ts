// What any authorization must prove before it is stored: the scopes Loris
// needs were granted, and the token really is for the chosen domain.
import { AppError } from "../errors";
import { REQUIRED_SCOPES, type Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import type { TokenSet } from "../five9/oauth";
import { getDomain } from "../five9/rest";

export function missingScopes(granted: readonly string[]): string[] {
  return REQUIRED_SCOPES.filter((s) => !granted.includes(s));
}

export async function verifyGrant(region: Five9Region, domainId: string, tokens: TokenSet, field?: string): Promise<{ domainName: string }> {
  const missing = missingScopes(tokens.scopes);
  const fail = (message: string) => new AppError("validation_failed", message, field ? { fields: { [field]: message } } : undefined);
  if (missing.length > 0) throw fail(`Five9 granted Loris too little access. Missing scopes: ${missing.join(", ")}. Add them to the API client in Admin Console → API Access Control, or approve all requested scopes.`);
  if (tokens.domainId && tokens.domainId !== domainId) throw fail(`You authorized Five9 domain ${tokens.domainId}, but this install is for domain ${domainId}. Sign in to Five9 as an admin of domain ${domainId}.`);
  try {
    const { domain } = await getDomain({ region, domainId, accessToken: tokens.accessToken });
    return { domainName: domain.name };
  } catch (error) {
    if (error instanceof Five9Error && (error.kind === "forbidden" || error.kind === "unauthorized")) {
      throw fail(`These credentials are not valid for Five9 domain ${domainId}. Check that the API client was created in that domain.`);
    }
    if (error instanceof Five9Error) throw new AppError("upstream_failed", error.message);
    throw error;
  }
}
