// Authorization code + PKCE with a consent page, refresh tokens with rotation. Being written: see sim/README.md.
import type { RouteContext, Router } from "../http/router";
import type { OAuthStore } from "./clients";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";

export interface AuthorizationDeps {
  world: SimWorld;
  oauth: OAuthStore;
  clock: SimClock;
}

export interface AuthorizationGrants {
  /** Handles grant_type=authorization_code and grant_type=refresh_token at the token endpoint. */
  tokenGrant?: (ctx: RouteContext, form: URLSearchParams) => Promise<void>;
}

export function registerAuthorizationRoutes(router: Router, deps: AuthorizationDeps): AuthorizationGrants {
  void router;
  void deps;
  return {};
}
