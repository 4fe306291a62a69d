// The behaviour every BlobStore must have, as one vitest suite that each
// implementation's test file runs against a real backend (a temp folder, an
// S3 emulator), so the two cannot drift apart.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer, text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { BlobNotFoundError, liveSegmentBlobKey, recordingBlobKey, tenantBlobPrefix, type BlobStore } from "../../lib/blob/blob-store";

/** A stream of `size` pseudo-random bytes produced in 64 KiB chunks (never whole in memory), and its sha256. */
export function generatedBody(size: number, seed = 1): { stream: () => Readable; sha256: string } {
  const pattern = Buffer.concat(Array.from({ length: 1024 }, (_, i) => createHash("sha512").update(`${seed}:${i}`).digest()));
  const chunks = function* () {
    for (let sent = 0; sent < size; sent += pattern.length) yield pattern.subarray(0, Math.min(pattern.length, size - sent));
  };
  const hash = createHash("sha256");
  for (const c of chunks()) hash.update(c);
  return { stream: () => Readable.from(chunks(), { objectMode: false }), sha256: hash.digest("hex") };
}

/** `size` bytes that differ everywhere (so a misplaced part shows), as one buffer. */
export function liveBytes(size: number, seed = 7): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0, i = 0; at < size; at += 64, i++) createHash("sha512").update(`${seed}:${i}`).digest().copy(out, at);
  return out;
}

function failingAfter(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return this.destroy(new Error("source died"));
      const chunk = randomBytes(Math.min(64 * 1024, bytes - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

export function blobStoreContract(name: string, store: () => BlobStore, options: { largeBytes: number }): void {
  describe(`${name} blob store`, () => {
    const tenant = `t${randomBytes(4).toString("hex")}`;

    it("puts from a stream and reads back whole, by range, and by head", async () => {
      const key = recordingBlobKey(tenant, "300000000001");
      const put = await store().put(key, Readable.from([Buffer.from("RIFF"), Buffer.from("0123456789")]), { contentType: "audio/wav" });
      expect(put).toMatchObject({ key, bytes: 14 });
      expect(await text(await store().get(key))).toBe("RIFF0123456789");
      expect(await text(await store().get(key, { start: 4, end: 6 }))).toBe("012");
      expect(await text(await store().get(key, { start: 10 }))).toBe("6789");
      expect(await store().head(key)).toMatchObject({ key, bytes: 14 });
    });

    it("streams a large body (several multipart parts) with the same sha256", async () => {
      const key = recordingBlobKey(tenant, "300000000002");
      const body = generatedBody(options.largeBytes);
      expect((await store().put(key, body.stream())).bytes).toBe(options.largeBytes);
      const read = await store().get(key);
      const hash = createHash("sha256");
      for await (const chunk of read) hash.update(chunk as Buffer);
      expect(hash.digest("hex")).toBe(body.sha256);
    });

    it("replaces a blob atomically and keeps the old one when the new body fails", async () => {
      const key = recordingBlobKey(tenant, "300000000003");
      await store().put(key, Readable.from([Buffer.from("first version")]));
      await expect(store().put(key, failingAfter(200_000))).rejects.toThrow(/source died/);
      expect(await text(await store().get(key))).toBe("first version");
      await store().put(key, Readable.from([Buffer.from("second")]));
      expect(await text(await store().get(key))).toBe("second");
    });

    it("leaves nothing under the key when the body fails or the put is aborted", async () => {
      const failed = recordingBlobKey(tenant, "300000000004");
      await expect(store().put(failed, failingAfter(100_000))).rejects.toThrow(/source died/);
      expect(await store().head(failed)).toBeUndefined();

      const aborted = recordingBlobKey(tenant, "300000000005");
      const controller = new AbortController();
      const endless = new Readable({ read() { this.push(randomBytes(64 * 1024)); } });
      const pending = store().put(aborted, endless, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("worker stopping")), 50);
      await expect(pending).rejects.toThrow();
      expect(await store().head(aborted)).toBeUndefined();
    });

    it("answers a missing key with BlobNotFoundError / undefined, and delete is idempotent", async () => {
      const key = recordingBlobKey(tenant, "399999999999");
      await expect(store().get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store().head(key)).toBeUndefined();
      await store().delete(key);
      await store().put(key, Readable.from([Buffer.from("x")]));
      await store().delete(key);
      expect(await store().head(key)).toBeUndefined();
    });

    it("deletes everything of one tenant and nothing of a tenant whose id shares the prefix", async () => {
      const one = `${tenant}x1`;
      const other = `${tenant}x10`;
      for (let i = 0; i < 3; i++) await store().put(recordingBlobKey(one, `30000000010${i}`), Readable.from([Buffer.from(`call ${i}`)]));
      await store().put(recordingBlobKey(other, "300000000100"), Readable.from([Buffer.from("keep")]));
      expect(await store().deleteByPrefix(tenantBlobPrefix(one))).toBe(3);
      expect(await store().head(recordingBlobKey(one, "300000000100"))).toBeUndefined();
      expect(await text(await store().get(recordingBlobKey(other, "300000000100")))).toBe("keep");
      expect(await store().deleteByPrefix(tenantBlobPrefix(one))).toBe(0);
    });

    it("appends a live blob by position (a hole reads as zeros), continues it after reopening, and holds every byte once closed", async () => {
      const key = liveSegmentBlobKey("t-live", "c1", "agent", 1);
      const first = await store().openAppend(key, { syncIntervalMs: 50 });
      await first.write(Buffer.from("abcd"), 0);
      await first.write(Buffer.from("ef"), 8); // bytes 4..7 are a hole
      await first.flush();
      expect(first.durableBytes).toBe(10);
      expect(await first.close()).toMatchObject({ key, bytes: 10 });
      const again = await store().openAppend(key);
      await again.write(Buffer.from("gh"), 10);
      await again.close();
      const bytes = Buffer.from(await text(await store().get(key)), "latin1");
      expect(bytes.equals(Buffer.concat([Buffer.from("abcd"), Buffer.alloc(4), Buffer.from("efgh")]))).toBe(true);
      await store().delete(key);
    });

    it("appends a live blob of over 10 MiB in audio-sized writes, with a hole, and holds exactly those bytes once closed", async () => {
      const key = liveSegmentBlobKey("t-live", "c-big", "agent", 1);
      const expected = liveBytes(11 * 1024 * 1024);
      const hole = { from: 3 * 1024 * 1024, to: 3 * 1024 * 1024 + 48_000 }; // 3 s of silence
      expected.fill(0, hole.from, hole.to);
      const handle = await store().openAppend(key, { syncIntervalMs: 50 });
      // 2 s of 8 kHz audio a write, nothing written inside the hole.
      for (let at = 0; at < expected.length; at += 32_000) {
        const end = Math.min(expected.length, at + 32_000);
        for (const [from, to] of [[at, Math.min(end, hole.from)], [Math.max(at, hole.to), end]] as const) {
          if (to > from) await handle.write(expected.subarray(from, to), from);
        }
      }
      expect(await handle.close()).toMatchObject({ key, bytes: expected.length });
      const stored = await buffer(await store().get(key));
      expect(createHash("sha256").update(stored).digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
      await store().delete(key);
    });

    it("refuses keys that could escape their folder", async () => {
      for (const key of ["../etc/passwd", "tenants/../x", "/abs", "tenants//x", "tenants/a b"]) {
        await expect(store().head(key), key).rejects.toThrow(/Invalid/);
      }
      expect(() => recordingBlobKey("..", "1")).toThrow(/Invalid tenant id/);
      await expect(store().deleteByPrefix("tenants/x")).rejects.toThrow(/must end with/);
    });
  });
}
