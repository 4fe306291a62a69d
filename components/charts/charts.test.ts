// The charts rendered to markup: what is drawn, when "no data" is said, and
// the same numbers in the hidden table for screen readers.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";
import { LineChart } from "./line-chart";

const labels = ["2026-11-30", "2026-12-01", "2026-12-02"];
const lag = [{ key: "lag", label: "Median lag", color: "#7c3aed" }];
const volume = [{ key: "calls", label: "Calls", color: "#1d4ed8" }];
const NO_DATA = "No data in these days yet";

const line = (values: (number | null)[][]) => renderToStaticMarkup(createElement(LineChart, { title: "Lag", labels, series: lag, values, unit: "minutes" }));
const bars = (values: number[][]) => renderToStaticMarkup(createElement(BarChart, { title: "Calls", labels, series: volume, values }));

describe("line chart", () => {
  it("draws a lag of 0 minutes as a point, not as missing data", () => {
    const html = line([[null], [null], [0]]);
    expect(html).not.toContain(NO_DATA);
    expect(html.match(/<circle/g)).toHaveLength(1);
    expect(html).toContain("<title>2026-12-02: 0 minutes</title>");
  });

  it("says there is no data when no day has a value, and breaks the line at gaps", () => {
    expect(line([[null], [null], [null]])).toContain(NO_DATA);
    const html = line([[5], [null], [7]]);
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html).toContain("<td>—</td>");
  });
});

describe("bar chart", () => {
  it("says there is no data when every day counts 0, and draws one bar per day otherwise", () => {
    expect(bars([[0], [0], [0]])).toContain(NO_DATA);
    const html = bars([[3], [0], [12]]);
    expect(html).not.toContain(NO_DATA);
    expect(html.match(/<rect/g)).toHaveLength(3);
    expect(html).toContain("<td>12</td>");
  });

  it("stacks the parts of one whole on each other, scaled to the day's sum", () => {
    const parts = [{ key: "a", label: "Complete", color: "#10b981" }, { key: "b", label: "Missing", color: "#dc2626" }];
    const html = renderToStaticMarkup(createElement(BarChart, { title: "Live", labels, series: parts, values: [[6, 4], [0, 0], [1, 0]], stacked: true }));
    const rects = [...html.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number) as [number, number, number, number]);
    // Day 1: both parts in one column (same x), the second on top of the first, together the full height (max = 10).
    const [a, b] = rects;
    expect(a![0]).toBe(b![0]);
    expect(b![1] + b![3]).toBeCloseTo(a![1]);
    expect(a![3] + b![3]).toBeCloseTo(180 - 22 - 8);
    expect(html).toContain("<td>4</td>");
  });
});
