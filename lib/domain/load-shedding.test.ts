import { describe, expect, it } from "vitest";
import { becauseText, planLoadShedding, type ServiceCellState, type ShedFeature } from "./load-shedding";
import { OFF, ON, type SwitchPosition } from "./switches";

const NOW = new Date("2026-11-26T12:00:00Z");
const HALF: SwitchPosition = { state: "throttled", throttlePercent: 50 };
const feature = (id: number, key: string, tier: number, services: string[], extra: Partial<ShedFeature> = {}): ShedFeature => ({
  id,
  key,
  name: key,
  tier,
  services,
  position: ON,
  cellPositions: {},
  lastChangedAt: null,
  ...extra,
});
const FEATURES = [feature(1, "checkout", 1, ["checkout", "payments"]), feature(2, "search", 2, ["search", "web"]), feature(3, "recommendations", 3, ["recommendations", "web"]), feature(4, "reviews", 3, ["web"])];
const state = (service: string, cell: string, s: ServiceCellState["state"]): ServiceCellState => ({ service, cell, state: s, reason: `${service} is ${s}` });
const plan = (states: ServiceCellState[], features = FEATURES, cooldownMs = 3600_000) =>
  planLoadShedding({ states, features, now: NOW, cooldownMs }).map((p) => `${p.action} ${FEATURES.find((f) => f.id === p.featureId)?.key ?? p.featureId} in ${p.cell ?? "every cell"} → ${p.to.state}${p.to.throttlePercent ? ` ${p.to.throttlePercent}%` : ""}`);

describe("planLoadShedding", () => {
  it.each<[string, ServiceCellState[], string[]]>([
    ["nothing overloaded, nothing to shed", [state("web", "cell-b", "warning")], []],
    ["the highest tier using the sick service, in the sick cell only, half first", [state("web", "cell-b", "overloaded")], ["throttle recommendations in cell-b → throttled 50%", "throttle reviews in cell-b → throttled 50%"]],
    ["a service only tier 1 uses: never shed automatically", [state("payments", "cell-b", "overloaded")], []],
    ["two sick cells, each its own proposal", [state("recommendations", "cell-a", "overloaded"), state("recommendations", "cell-c", "overloaded")], ["throttle recommendations in cell-a → throttled 50%", "throttle recommendations in cell-c → throttled 50%"]],
    ["a service without cells is shed everywhere", [state("recommendations", "", "overloaded")], ["throttle recommendations in every cell → throttled 50%"]],
  ])("%s", (_name, states, expected) => {
    expect(plan(states)).toEqual(expected);
  });

  it("steps down from half to off, then on to the next tier once nothing is left", () => {
    const halved = FEATURES.map((f) => (f.tier === 3 ? { ...f, cellPositions: { "cell-b": HALF } } : f));
    expect(plan([state("web", "cell-b", "overloaded")], halved)).toEqual(["throttle recommendations in cell-b → off", "throttle reviews in cell-b → off"]);
    const shed = FEATURES.map((f) => (f.tier === 3 ? { ...f, cellPositions: { "cell-b": OFF } } : f));
    expect(plan([state("web", "cell-b", "overloaded")], shed)).toEqual(["throttle search in cell-b → throttled 50%"]);
  });

  it("waits out the cool-down after a change before proposing the next step", () => {
    const recent = FEATURES.map((f) => (f.key === "recommendations" ? { ...f, cellPositions: { "cell-b": HALF }, lastChangedAt: new Date(NOW.getTime() - 10 * 60_000) } : f));
    expect(plan([state("recommendations", "cell-b", "overloaded")], recent)).toEqual([]);
  });

  it("gives back what was shed in a cell once every service the feature uses is ok there, not while one is recovering", () => {
    const shed = FEATURES.map((f) => (f.key === "recommendations" ? { ...f, cellPositions: { "cell-b": OFF }, lastChangedAt: new Date(NOW.getTime() - 2 * 3600_000) } : f));
    expect(plan([state("recommendations", "cell-b", "ok"), state("web", "cell-b", "recovering")], shed)).toEqual([]);
    expect(plan([state("recommendations", "cell-b", "ok"), state("web", "cell-b", "ok")], shed)).toEqual(["restore recommendations in cell-b → on"]);
  });
});

describe("becauseText", () => {
  it.each([
    { because: [], text: "" },
    { because: [{ service: "recommendations", reason: "5XX 7.1 % of 8,374 requests." }], text: "recommendations 5XX 7.1 % of 8,374 requests." },
    {
      because: [
        { service: "checkout", reason: "Retries 13 % of requests." },
        { service: "payments", reason: "Queue 40 s old." },
      ],
      text: "checkout retries 13 % of requests. payments queue 40 s old.",
    },
  ])("says $text", ({ because, text }) => {
    expect(becauseText(because)).toBe(text);
  });
});
