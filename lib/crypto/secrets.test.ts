import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { reencryptSecrets } from "./reencrypt-secrets";
import { contextFor } from "./sealed-fields";
import { openSecret, parseKeyRing, sealedKeyId, sealSecret, SecretError } from "./secrets";

const key = () => randomBytes(32).toString("base64");
const oldKey = key();
const newKey = key();
const oldRing = parseKeyRing(`old:${oldKey}`);
const rotatedRing = parseKeyRing(`new:${newKey},old:${oldKey}`);

describe("sealed secrets", () => {
  it("round-trips, with a fresh IV each time and the key id in the envelope", () => {
    const a = sealSecret("refresh-token-123", "ctx", oldRing);
    const b = sealSecret("refresh-token-123", "ctx", oldRing);
    expect(a).not.toBe(b);
    expect(a).not.toContain("refresh-token-123");
    expect(sealedKeyId(a)).toBe("old");
    expect(openSecret(a, "ctx", oldRing)).toBe("refresh-token-123");
  });

  it("refuses another context, an altered value and an unknown key", () => {
    const sealed = sealSecret("s3cret", "five9Connection:t1:accessTokenSealed", oldRing);
    expect(() => openSecret(sealed, "five9Connection:t2:accessTokenSealed", oldRing)).toThrow(SecretError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => openSecret(parts.join("."), "five9Connection:t1:accessTokenSealed", oldRing)).toThrow(/failed authentication/);
    expect(() => openSecret(sealed, "five9Connection:t1:accessTokenSealed", parseKeyRing(`other:${key()}`))).toThrow(/no longer configured/);
    expect(() => openSecret("plain text", "x", oldRing)).toThrow(/Not a sealed secret/);
  });

  it("validates the key ring", () => {
    expect(() => parseKeyRing("short:AAAA")).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`a:${oldKey},a:${newKey}`)).toThrow(/twice/);
    expect(parseKeyRing(`a:${oldKey},b:${newKey}`).currentKeyId).toBe("a");
  });
});

describe("key rotation job", () => {
  it("re-seals every stored secret under the newest key and keeps them readable", async () => {
    const tenant = await createTenant();
    const ctx = (field: "clientSecretSealed" | "accessTokenSealed") => contextFor("five9Connection", tenant.id, field);
    await db().five9Connection.create({
      data: {
        tenantId: tenant.id, region: "us", five9DomainId: "1001", grantType: "client_credentials", clientId: "c",
        clientSecretSealed: sealSecret("client-secret", ctx("clientSecretSealed"), oldRing),
        accessTokenSealed: sealSecret("access", ctx("accessTokenSealed"), oldRing),
      },
    });
    await db().supervisorCredential.create({
      data: { tenantId: tenant.id, username: "sup", passwordSealed: sealSecret("pw", contextFor("supervisorCredential", tenant.id, "passwordSealed"), oldRing) },
    });

    const first = await reencryptSecrets(rotatedRing);
    expect(first).toMatchObject({ resealed: 2, skippedChanged: 0 });
    const connection = await db().five9Connection.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sealedKeyId(connection.clientSecretSealed!)).toBe("new");
    expect(openSecret(connection.clientSecretSealed!, ctx("clientSecretSealed"), parseKeyRing(`new:${newKey}`))).toBe("client-secret");
    expect(openSecret(connection.accessTokenSealed!, ctx("accessTokenSealed"), rotatedRing)).toBe("access");

    // A second run finds nothing left to do: the old key can now be removed.
    expect(await reencryptSecrets(rotatedRing)).toMatchObject({ resealed: 0 });
  });
});
