// Every sealed column in the database, with the context its values are bound
// to. The re-encryption job walks this list; repositories use `contextFor` so
// sealing and opening always agree on the context.
export const SEALED_FIELDS = {
  five9Connection: ["clientSecretSealed", "accessTokenSealed", "refreshTokenSealed"],
  supervisorCredential: ["passwordSealed"],
  legacyExportSource: ["passwordSealed"],
  oAuthState: ["codeVerifierSealed"],
} as const;

export type SealedModel = keyof typeof SEALED_FIELDS;
export type SealedField<M extends SealedModel> = (typeof SEALED_FIELDS)[M][number];

/** The additional authenticated data of a sealed value: model, tenant and field. */
export function contextFor<M extends SealedModel>(model: M, tenantId: string, field: SealedField<M>): string {
  return `${model}:${tenantId}:${field}`;
}
