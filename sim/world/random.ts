// Deterministic randomness: every value the simulator invents is derived from
// (seed, labels…), so the same seed gives the same calls and audio, byte for byte.

/** 32-bit FNV-1a hash of the labels. */
export function hash32(...labels: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const label of labels) {
    const text = `${label}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with good enough statistics for simulated data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFor(...labels: (string | number)[]): Random {
  return new Random(prng(hash32(...labels)));
}

export class Random {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
  hex(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += "0123456789ABCDEF"[this.int(0, 15)];
    return out;
  }
}
