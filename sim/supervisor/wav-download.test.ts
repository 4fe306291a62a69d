import { describe, expect, it } from "vitest";
import { parseRange } from "./wav-download";

describe("parseRange", () => {
  const size = 1000;
  it("reads one range in its three forms, clamped to the file", () => {
    expect(parseRange("bytes=0-99", size)).toEqual({ kind: "partial", start: 0, end: 99 });
    expect(parseRange("bytes=900-", size)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-100", size)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", size)).toEqual({ kind: "partial", start: 0, end: 999 });
    expect(parseRange("bytes=990-5000", size)).toEqual({ kind: "partial", start: 990, end: 999 });
    expect(parseRange(" Bytes = 1-2 ", size)).toEqual({ kind: "partial", start: 1, end: 2 });
  });

  it("is unsatisfiable past the end or for an empty suffix", () => {
    expect(parseRange("bytes=1000-", size)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=1000-1200", size)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", size)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores what it does not serve: no header, other units, bad syntax, several ranges", () => {
    for (const header of [undefined, "", "items=0-1", "bytes=abc", "bytes=-", "bytes=5-2", "bytes=0-1,5-9"]) {
      expect(parseRange(header, size), String(header)).toEqual({ kind: "full" });
    }
  });
});
