import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { chartSvg, genericPayload, reportCsv, reportHtml, reportText, slackPayload } from "../reports/render";
import { buildReport, type ReportApplicationData, type ReportData } from "./report";

const M = 1_000_000;

function app(slug: string, name: string, services: [string, number, number, number, number][], extra: Partial<ReportApplicationData> = {}): ReportApplicationData {
  // services: name, cost $, previous cost $, requests, previous requests
  const list = services.map(([n, c, p, r, pr]) => ({ name: n, costMicroUsd: c * M, previousCostMicroUsd: p * M, requestCount: r, previousRequestCount: pr, scale: "cheaper" as const }));
  return {
    slug,
    name,
    costMicroUsd: list.reduce((s, x) => s + x.costMicroUsd, 0),
    previousCostMicroUsd: list.reduce((s, x) => s + x.previousCostMicroUsd, 0),
    requestCount: list.reduce((s, x) => s + x.requestCount, 0),
    previousRequestCount: list.reduce((s, x) => s + x.previousRequestCount, 0),
    unit: null,
    failedRequests: 0,
    services: list,
    ...extra,
  };
}

function data(overrides: Partial<ReportData> = {}): ReportData {
  return {
    title: "Weekly for the team",
    period: { kind: "last-week", from: "2026-11-16", to: "2026-11-22", label: "week 47 (16–22 Nov 2026)" },
    costDays: { from: "2026-11-16", to: "2026-11-22" },
    previousDays: { from: "2026-11-09", to: "2026-11-15" },
    applications: [
      app("storefront", "Storefront", [
        ["web", 4000, 3800, 40_000_000, 38_000_000],
        ["search", 1500, 1000, 10_000_000, 10_000_000],
      ], { unit: { name: "order", value: 20_000, costPerUnitMicroUsd: 0.275 * M, previousCostPerUnitMicroUsd: 0.25 * M }, failedRequests: 50_000 }),
      app("fulfilment", "Fulfilment", [["inventory", 920, 1000, 1_000_000, 1_000_000]]),
    ],
    missingApplications: 0,
    tagCoverage: 0.9,
    projection: { month: "2026-11", projectedMicroUsd: 26_000 * M, lowMicroUsd: 25_000 * M, highMicroUsd: 27_000 * M },
    daily: [
      { day: "2026-11-16", costs: { storefront: 780 * M, fulfilment: 130 * M } },
      { day: "2026-11-17", costs: { storefront: 790 * M, fulfilment: 132 * M } },
    ],
    limitsBreached: [],
    switchesChanged: [{ at: "2026-11-18T10:00:00.000Z", application: "Storefront", text: "Recommendations: on → off by owner@example.com (“cost limit”)" }],
    incidents: [],
    anomalies: [],
    ownCostMicroUsd: 123_456,
    generatedAt: "2026-11-23T07:00:05.000Z",
    ...overrides,
  };
}

describe("a report's figures", () => {
  it("adds up the applications, compares with the days before and names what moved", () => {
    const r = buildReport(data());
    expect(r.headline.costMicroUsd).toBe(6420 * M);
    expect(r.headline.previousCostMicroUsd).toBe(5800 * M);
    expect(r.headline.change).toBeCloseTo(620 / 5800, 10);
    expect(r.headline.requestCount).toBe(51_000_000);
    expect(r.headline.costPerMillionMicroUsd).toBe(Math.round((6420 * M) / 51));
    // Costliest application first, its services costliest first.
    expect(r.applications.map((a) => a.slug)).toEqual(["storefront", "fulfilment"]);
    expect(r.applications[0]!.services.map((s) => s.name)).toEqual(["web", "search"]);
    const search = r.applications[0]!.services[1]!;
    expect(search.change).toBeCloseTo(0.5, 10);
    expect(search.costPerMillionMicroUsd).toBe(150 * M);
    expect(search.costPerMillionChange).toBeCloseTo(0.5, 10);
    // Movers by dollars, up or down: search +$500, web +$200, inventory −$80.
    expect(r.movers.map((m) => [m.service, m.deltaMicroUsd / M])).toEqual([["search", 500], ["web", 200], ["inventory", -80]]);
    expect(r.applications[0]!.costPerUnitMicroUsd).toBe(0.275 * M);
    expect(r.applications[0]!.costPerUnitChange).toBeCloseTo(0.1, 10);
    // 50,000 failed requests at Storefront's $110 per 1M requests.
    expect(r.failedCostMicroUsd).toBe(5.5 * M);
    expect(r.subject).toBe("Frugal · Weekly for the team · week 47 (16–22 Nov 2026): $6,420 (+10.7\u00a0%)");
  });

  it("is named after its application when it covers one", () => {
    const r = buildReport(data({ applications: [app("storefront", "Storefront", [["web", 100, 0, 1, 0]])] }));
    // Nothing before to compare with: no change, and none invented.
    expect(r.subject).toBe("Frugal · Storefront · week 47 (16–22 Nov 2026): $100");
    expect(r.headline.change).toBeNull();
  });

  it("says so when the period has no data, rather than reporting $0 as a fall", () => {
    const r = buildReport(data({ costDays: null, previousDays: null, applications: [], daily: [], projection: null, switchesChanged: [] }));
    expect(r.empty).toBe(true);
    expect(r.subject).toBe("Frugal · Weekly for the team · week 47 (16–22 Nov 2026): no cost data yet");
    expect(r.headline.change).toBeNull();
    expect(reportText(r, { reportUrl: "https://frugal.example.com/reports/runs/1" })).toContain("No cost data for this period yet");
    expect(chartSvg(r)).toContain("No cost data in this period");
    expect(Papa.parse(reportCsv(r).trim(), { header: true }).data).toEqual([]);
  });

  it("covers the applications that remain when one it names was deleted, and says so", () => {
    const r = buildReport(data({ missingApplications: 1, applications: [app("fulfilment", "Fulfilment", [["inventory", 920, 1000, 1_000_000, 1_000_000]])] }));
    // One application left, but the schedule named two: the report keeps the schedule's name.
    expect(r.subjectName).toBe("Weekly for the team");
    expect(r.headline.costMicroUsd).toBe(920 * M);
    const html = reportHtml(r, { reportUrl: "https://x/reports/runs/1" });
    expect(html).toContain("One application this schedule names no longer exists");
    expect(slackPayload(r, { reportUrl: "https://x" })).toMatchObject({ blocks: expect.arrayContaining([{ type: "context", elements: [{ type: "mrkdwn", text: expect.stringContaining("no longer exists") }] }]) });
  });
});

describe("a report's formats", () => {
  const r = buildReport(data());
  const links = { reportUrl: "https://frugal.example.com/reports/runs/7", chartSrc: "cid:chart@frugal" };

  it("CSV: a row per application and per service, in dollars, that add up to the headline", () => {
    const rows = Papa.parse<Record<string, string>>(reportCsv(r).trim(), { header: true }).data;
    expect(rows.map((x) => `${x.application}/${x.service}`)).toEqual(["Storefront/", "Storefront/web", "Storefront/search", "Fulfilment/", "Fulfilment/inventory"]);
    const apps = rows.filter((x) => x.service === "");
    expect(apps.reduce((s, x) => s + Number(x.costUsd), 0)).toBeCloseTo(6420, 6);
    expect(rows[2]).toMatchObject({ from: "2026-11-16", to: "2026-11-22", costUsd: "1500", previousCostUsd: "1000", change: "0.5", requests: "10000000", costPer1MUsd: "150" });
    expect(apps[0]).toMatchObject({ costPerUnitUsd: "0.275", unit: "order" });
  });

  it("CSV: a name a spreadsheet would run as a formula is quoted", () => {
    const evil = buildReport(data({ applications: [app("x", "=HYPERLINK(\"http://evil\")", [["web", 1, 1, 1, 1]])] }));
    expect(reportCsv(evil)).toContain(`'=HYPERLINK`);
  });

  it("HTML: headline, projection, table, events and the link; names are escaped", () => {
    const html = reportHtml(buildReport(data({ applications: [app("x", "<script>alert(1)</script>", [["web", 10, 10, 1, 1]])] })), links);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;");
    const full = reportHtml(r, links);
    expect(full).toContain("$6,420.00");
    expect(full).toContain("+10.7\u00a0%");
    expect(full).toContain("Projected November 2026");
    expect(full).toContain('src="cid:chart@frugal"');
    expect(full).toContain("Recommendations: on → off");
    expect(full).toContain('href="https://frugal.example.com/reports/runs/7"');
    expect(full).toContain("Frugal's own AWS calls cost $0.12 in the period");
  });

  it("plain text carries the same figures", () => {
    const text = reportText(r, links);
    expect(text).toContain("Cost:            $6,420.00 (+10.7\u00a0% vs $5,800.00)");
    expect(text).toContain("    search: $1,500.00, +50.0\u00a0%, 10,000,000, $150.00, +50.0\u00a0%");
    expect(text).toContain("Open the report: https://frugal.example.com/reports/runs/7");
  });

  it("Slack: the headline numbers, at most three movers and a link", () => {
    const slack = slackPayload(r, links) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    expect(slack.text).toBe(r.subject);
    const moved = slack.blocks.find((b) => b.text?.text.startsWith("*What moved*"))!.text!.text;
    expect(moved.split("\n")).toHaveLength(4);
    expect(slack.blocks.at(-1)!.elements![0]!.url).toBe(links.reportUrl);
  });

  it("Slack: names people typed cannot ping a channel or disguise a link", () => {
    const evil = buildReport(data({ title: "<!channel> costs", applications: [app("x", "Shop <https://evil.example|login>", [["<!here>", 10, 1, 1, 1]])] }));
    // Every string Slack reads as markup (the notification text and mrkdwn); a plain_text header is shown as typed.
    const marked: string[] = [];
    JSON.stringify(slackPayload(evil, links), (key, value: unknown) => {
      if (value && typeof value === "object" && (value as { type?: string }).type === "mrkdwn") marked.push((value as { text: string }).text);
      return value;
    });
    marked.push((slackPayload(evil, links) as { text: string }).text);
    const all = marked.join("\n");
    expect(marked.length).toBeGreaterThan(4);
    expect(all).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(all).toContain("&lt;!here&gt;");
    expect(all).toContain("Shop &lt;https://evil.example|login&gt;");
  });

  it("generic JSON: every figure in dollars", () => {
    const body = genericPayload(r, links) as { headline: { costUsd: number; change: number }; applications: { slug: string; costUsd: number; services: { name: string; costPer1MUsd: number }[] }[]; ownAwsCostUsd: number };
    expect(body.headline.costUsd).toBe(6420);
    expect(body.headline.change).toBe(0.106897);
    expect(body.applications[0]!.services[1]).toMatchObject({ name: "search", costPer1MUsd: 150 });
    expect(body.ownAwsCostUsd).toBe(0.123456);
  });

  it("the chart stacks each day's applications, costliest first, with a legend", () => {
    const svg = chartSvg(r);
    expect(svg.match(/<rect x=/g)).toHaveLength(2 * 2 + 2); // two days of two bars, and two legend keys
    expect(svg).toContain("Storefront, 16 Nov: $780.00");
    expect(svg.indexOf(">Storefront<")).toBeLessThan(svg.indexOf(">Fulfilment<"));
  });
});
