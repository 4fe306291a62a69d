// OAuth 2.0 with Five9 through oauth4webapi: client credentials, authorization
// code + PKCE, refresh (rotation aware) and revocation. Every failure becomes
// a Five9Error whose kind says what the admin or the job should do.
import * as oauth from "oauth4webapi";
import { env } from "../env";
import { five9Endpoints, type Five9Region } from "./endpoints";
import { Five9Error } from "./errors";

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresAt: Date;
  scopes: string[];
  /** The domain the token is for, when Five9 says (authorization code grant). */
  domainId?: string;
}

const TIMEOUT_MS = 15_000;

export function authorizationServer(region: Five9Region): oauth.AuthorizationServer {
  const base = five9Endpoints(region).apiBase;
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth2/v1/authorize`,
    token_endpoint: `${base}/oauth2/v1/token`,
    revocation_endpoint: `${base}/oauth2/v1/revoke`,
  };
}

function requestOptions() {
  // The simulator speaks plain HTTP on loopback; real Five9 hosts are HTTPS.
  return { [oauth.allowInsecureRequests]: Boolean(env().FIVE9_BASE_URL?.startsWith("http:")), signal: AbortSignal.timeout(TIMEOUT_MS) };
}

/** The marketplace app's own client (Connect with Five9); undefined when not configured. */
export function marketplaceClient(): OAuthClientCredentials | undefined {
  const { FIVE9_APP_CLIENT_ID, FIVE9_APP_CLIENT_SECRET } = env();
  return FIVE9_APP_CLIENT_ID && FIVE9_APP_CLIENT_SECRET ? { clientId: FIVE9_APP_CLIENT_ID, clientSecret: FIVE9_APP_CLIENT_SECRET } : undefined;
}

export function callbackUrl(): string {
  return new URL("/api/five9/oauth/callback", env().AUTH_URL).toString();
}

function toTokenSet(response: oauth.TokenEndpointResponse, fallbackScopes: string[]): TokenSet {
  const domainId = typeof response.domain_id === "string" ? response.domain_id : undefined;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: new Date(Date.now() + (response.expires_in ?? 3600) * 1000),
    scopes: response.scope ? response.scope.split(" ").filter(Boolean) : fallbackScopes,
    domainId,
  };
}

/** Turns whatever oauth4webapi or fetch threw into a Five9Error. */
function toFive9Error(error: unknown, what: string): Five9Error {
  if (error instanceof Five9Error) return error;
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) {
    const description = error.error_description ? ` — ${error.error_description}` : "";
    switch (error.error) {
      case "invalid_client":
      case "unauthorized_client":
        return new Five9Error("invalid_client", `${what}: Five9 did not accept the client id and secret${description}`);
      case "invalid_grant":
        return new Five9Error("invalid_grant", `${what}: the authorization is no longer valid${description}`);
      case "invalid_scope":
        return new Five9Error("invalid_scope", `${what}: the requested scopes are not allowed${description}`);
      case "access_denied":
        return new Five9Error("forbidden", `${what}: access was denied at Five9${description}`);
      default: {
        const status = error instanceof oauth.ResponseBodyError ? error.status : undefined;
        return new Five9Error(status && status >= 500 ? "server_error" : "bad_response", `${what}: ${error.error}${description}`, { status });
      }
    }
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new Five9Error(error.status === 401 ? "invalid_client" : "bad_response", `${what}: Five9 did not accept the client id and secret`, { status: error.status });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const response = (error.cause as { status?: number } | undefined) ?? undefined;
    const status = typeof response?.status === "number" ? response.status : undefined;
    if (status === 429) return new Five9Error("rate_limited", `${what}: Five9's rate limit was reached`, { status });
    if (status && status >= 500) return new Five9Error("server_error", `${what}: Five9 answered ${status}`, { status });
    return new Five9Error("bad_response", `${what}: unexpected answer from Five9 (${error.message})`, { status });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new Five9Error("unreachable", `${what}: could not reach Five9 (${reason})`);
}

export async function clientCredentialsGrant(region: Five9Region, client: OAuthClientCredentials, scopes?: readonly string[]): Promise<TokenSet> {
  const as = authorizationServer(region);
  try {
    const params = new URLSearchParams(scopes ? { scope: scopes.join(" ") } : {});
    const response = await oauth.clientCredentialsGrantRequest(as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.clientSecret), params, requestOptions());
    return toTokenSet(await oauth.processClientCredentialsResponse(as, { client_id: client.clientId }, response), [...(scopes ?? [])]);
  } catch (error) {
    throw toFive9Error(error, "Token request");
  }
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export function authorizationUrl(region: Five9Region, client: { clientId: string }, args: { state: string; codeChallenge: string; scopes: readonly string[] }): string {
  const url = new URL(authorizationServer(region).authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: callbackUrl(),
    scope: args.scopes.join(" "),
    state: args.state,
    code_challenge: args.codeChallenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** Validates the callback's parameters (state already checked by us) and exchanges the code. */
export async function authorizationCodeGrant(region: Five9Region, client: OAuthClientCredentials, args: { callback: URLSearchParams; state: string; codeVerifier: string }): Promise<TokenSet> {
  const as = authorizationServer(region);
  try {
    const params = oauth.validateAuthResponse(as, { client_id: client.clientId }, args.callback, args.state);
    const response = await oauth.authorizationCodeGrantRequest(as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.clientSecret), params, callbackUrl(), args.codeVerifier, requestOptions());
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, { client_id: client.clientId }, response), []);
  } catch (error) {
    throw toFive9Error(error, "Authorization");
  }
}

export async function refreshTokenGrant(region: Five9Region, client: OAuthClientCredentials, refreshToken: string): Promise<TokenSet> {
  const as = authorizationServer(region);
  try {
    const response = await oauth.refreshTokenGrantRequest(as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.clientSecret), refreshToken, requestOptions());
    const tokens = toTokenSet(await oauth.processRefreshTokenResponse(as, { client_id: client.clientId }, response), []);
    // A server that does not rotate keeps the old refresh token valid.
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  } catch (error) {
    throw toFive9Error(error, "Token refresh");
  }
}

export async function revokeToken(region: Five9Region, client: OAuthClientCredentials, token: string, hint: "access_token" | "refresh_token"): Promise<void> {
  const as = authorizationServer(region);
  try {
    const response = await oauth.revocationRequest(as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.clientSecret), token, { ...requestOptions(), additionalParameters: { token_type_hint: hint } });
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw toFive9Error(error, "Token revocation");
  }
}
