// Secrets at rest: AES-256-GCM with a key ring from ENCRYPTION_KEYS. Each
// sealed value carries the id of the key that sealed it, so keys can be
// rotated: put a new key first, keep the old ones until the re-encryption job
// (lib/crypto/reencrypt-secrets.ts) has moved every secret to the new key.
//
// The context (e.g. "five9-connection:<tenantId>:refreshToken") is bound as
// additional authenticated data: a sealed value copied to another row or
// column fails to open instead of leaking into the wrong tenant.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "../env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyRing {
  /** Id of the key new secrets are sealed with (the first in the list). */
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretError";
  }
}

/** Parses "id:base64[,id:base64…]"; every key must be 32 bytes and ids unique. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const index = part.indexOf(":");
    const id = part.slice(0, index);
    const key = Buffer.from(part.slice(index + 1), "base64");
    if (index <= 0 || !/^[A-Za-z0-9_-]+$/.test(id)) throw new SecretError(`Encryption key "${id || part}" needs an id of letters, digits, _ or -`);
    if (key.length !== 32) throw new SecretError(`Encryption key ${id} must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
    if (keys.has(id)) throw new SecretError(`Encryption key id ${id} appears twice`);
    keys.set(id, key);
  }
  const currentKeyId = keys.keys().next().value;
  if (!currentKeyId) throw new SecretError("No encryption key configured");
  return { currentKeyId, keys };
}

let cached: { spec: string; ring: KeyRing } | undefined;

/** The key ring from the environment (parsed once per distinct value). */
export function keyRing(): KeyRing {
  const spec = env().ENCRYPTION_KEYS;
  if (cached?.spec !== spec) cached = { spec, ring: parseKeyRing(spec) };
  return cached.ring;
}

/** Seals `plaintext` as "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). */
export function sealSecret(plaintext: string, context: string, ring: KeyRing = keyRing()): string {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ring.currentKeyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The id of the key a sealed value was sealed with. */
export function sealedKeyId(sealed: string): string {
  const [version, keyId] = sealed.split(".");
  if (version !== VERSION || !keyId) throw new SecretError("Not a sealed secret");
  return keyId;
}

/** Opens a sealed value; throws SecretError when the key is unknown, the context differs or the value was altered. */
export function openSecret(sealed: string, context: string, ring: KeyRing = keyRing()): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretError("Not a sealed secret");
  const [, keyId, ivText, tagText, bodyText] = parts as [string, string, string, string, string];
  const key = ring.keys.get(keyId);
  if (!key) throw new SecretError(`Secret was sealed with key ${keyId}, which is no longer configured in ENCRYPTION_KEYS`);
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretError("Sealed secret is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretError("Secret failed authentication (altered, or opened in the wrong context)");
  }
}

/** Re-seals under the current key when it was sealed under an older one; undefined when already current. */
export function resealIfStale(sealed: string, context: string, ring: KeyRing = keyRing()): string | undefined {
  if (sealedKeyId(sealed) === ring.currentKeyId) return undefined;
  return sealSecret(openSecret(sealed, context, ring), context, ring);
}
