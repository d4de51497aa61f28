import { describe, expect, it } from "vitest";
import { genericPayload, MAX_DELIVERY_ATTEMPTS, retryDelayMs, slackEscape, slackPayload, stepIncident, type IncidentState } from "./incidents";
import type { SignalState } from "./signals";

describe("stepIncident", () => {
  it.each<[IncidentState | null, SignalState, boolean, ReturnType<typeof stepIncident>]>([
    [null, "ok", true, { next: null, notify: null }],
    [null, "warning", false, { next: null, notify: null }],
    [null, "overloaded", false, { next: "overloaded", notify: "overloaded" }],
    ["overloaded", "overloaded", false, { next: "overloaded", notify: null }],
    ["overloaded", "warning", false, { next: "recovering", notify: null }],
    ["overloaded", "ok", false, { next: "recovering", notify: null }],
    ["overloaded", "ok", true, { next: "resolved", notify: "recovered" }],
    ["recovering", "ok", false, { next: "recovering", notify: null }],
    ["recovering", "overloaded", false, { next: "overloaded", notify: null }],
    ["recovering", "warning", true, { next: "resolved", notify: "recovered" }],
  ])("open %s, signal %s, back to baseline %s", (open, signal, recovered, expected) => {
    expect(stepIncident(open, signal, recovered)).toEqual(expected);
  });

  it("sends one message when an overload starts and one when it ends, however much the signal flickers", () => {
    const signals: [SignalState, boolean][] = [["ok", true], ["overloaded", false], ["overloaded", false], ["warning", false], ["overloaded", false], ["ok", false], ["ok", false], ["ok", true], ["ok", true]];
    let open: IncidentState | null = null;
    const sent: string[] = [];
    for (const [signal, recovered] of signals) {
      const step = stepIncident(open, signal, recovered);
      if (step.notify) sent.push(step.notify);
      open = step.next === "resolved" || step.next === null ? null : step.next;
    }
    expect(sent).toEqual(["overloaded", "recovered"]);
  });
});

describe("retryDelayMs", () => {
  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 480_000],
    [4, 1_920_000],
    [MAX_DELIVERY_ATTEMPTS, null],
    [MAX_DELIVERY_ATTEMPTS + 1, null],
  ])("after %i attempts: %s", (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });
});

describe("payloads", () => {
  const message = {
    event: "overloaded" as const,
    application: "Storefront",
    service: "checkout",
    cell: "cell-b",
    signal: "5XX",
    reason: "5XX 8.6 % of 2,149 requests in the last 15 min, 86× the other cells (0.1 %).",
    startedAt: new Date("2026-11-26T15:00:00Z"),
    resolvedAt: null,
    url: "https://frugal.example.com/applications/storefront/overload?cell=cell-b",
  };
  it("is Slack-compatible: text, and blocks with a link", () => {
    const body = slackPayload(message);
    expect(body.text).toBe(":rotating_light: Storefront / checkout in cell-b is overloaded (5XX): 5XX 8.6 % of 2,149 requests in the last 15 min, 86× the other cells (0.1 %).");
    expect(JSON.stringify(body.blocks)).toContain("<https://frugal.example.com/applications/storefront/overload?cell=cell-b|Open the overload page>");
    expect(slackPayload({ ...message, event: "recovered", resolvedAt: new Date("2026-11-26T16:30:00Z") }).text).toMatch(/has recovered \(5XX\) after 90 min/);
  });
  it("escapes Slack's control characters in everything people typed, so a name cannot ping the channel or disguise a link", () => {
    const hostile = { ...message, application: "<!channel> <https://evil.example/x|Re-login>", service: "a&b", cell: "<cell>", reason: "p99 <@U123> & rising" };
    const body = slackPayload(hostile);
    const everything = JSON.stringify(body);
    expect(everything).not.toContain("<!channel>");
    expect(everything).not.toContain("<https://evil.example");
    expect(everything).not.toContain("<@U123>");
    expect(body.text).toBe(":rotating_light: &lt;!channel&gt; &lt;https://evil.example/x|Re-login&gt; / a&amp;b in &lt;cell&gt; is overloaded (5XX): p99 &lt;@U123&gt; &amp; rising");
    // Frugal's own link stays a link.
    expect(everything).toContain("<https://frugal.example.com/applications/storefront/overload?cell=cell-b|Open the overload page>");
    // The generic body is data: no escaping, the names as they are.
    expect(genericPayload(hostile)).toMatchObject({ application: hostile.application, reason: hostile.reason });
  });

  it.each([
    ["plain", "plain"],
    ["a < b > c & d", "a &lt; b &gt; c &amp; d"],
    ["&amp;", "&amp;amp;"],
    ["<!here>", "&lt;!here&gt;"],
  ])("slackEscape(%j) = %j", (text, escaped) => {
    expect(slackEscape(text)).toBe(escaped);
  });

  it("has a generic JSON form", () => {
    expect(genericPayload(message)).toEqual({
      event: "overload.started",
      application: "Storefront",
      service: "checkout",
      cell: "cell-b",
      signal: "5XX",
      reason: message.reason,
      startedAt: "2026-11-26T15:00:00.000Z",
      resolvedAt: null,
      url: message.url,
    });
  });
});
