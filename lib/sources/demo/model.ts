// The demo shop's numbers: steady growth, weekly and daily rhythm, a little noise,
// and scenarios anchored to "now" (a creeping cost per request, a launch that doubles
// a service's traffic, a one-day burst, a month-end batch, an overload in one cell).
// Everything is a pure function of (seed, time, now).
import { BoundedMemo } from "../../domain/bounded-memo";
import { addDays, dayOfWeek, daysBetween, toDay, type Day } from "../../domain/day";
import { CELL_SHARE, DEMO_APPLICATIONS, REFERENCE_DAY, SCENARIOS, type DemoCell, type DemoService } from "./catalog";
import { jitter } from "./random";

const MS_PER_DAY = 86_400_000;
/** Night-time traffic is 1 - A and the afternoon peak 1 + A times the daily mean. */
const DIURNAL_AMPLITUDE = 0.6;
/** Peak at 15:00 UTC. */
const DIURNAL_PHASE = 0.375;

const appOf = (service: DemoService) => {
  const app = DEMO_APPLICATIONS.find((a) => a.slug === service.app);
  if (!app) throw new Error(`demo catalog: no application '${service.app}'`);
  return app;
};

/** Each service's daily requests already worked out, by seed, day and today (a pure function, asked for again and again). */
const dailyMemo = new WeakMap<DemoService, BoundedMemo<string, number>>();
/** Days kept per service: a sync reads at most about a year and a half. */
const DAILY_MEMO_DAYS = 1_000;

/** Requests a service serves in a whole day, over all its cells. */
export function dailyRequests(seed: number, service: DemoService, day: Day, today: Day): number {
  let memo = dailyMemo.get(service);
  if (!memo) dailyMemo.set(service, (memo = new BoundedMemo(DAILY_MEMO_DAYS)));
  return memo.get(`${seed}|${day}|${today}`, () => computeDailyRequests(seed, service, day, today));
}

function computeDailyRequests(seed: number, service: DemoService, day: Day, today: Day): number {
  const app = appOf(service);
  const growth = Math.pow(1 + app.growthPerDay, daysBetween(REFERENCE_DAY, day));
  const weekly = app.weekly[dayOfWeek(day)] ?? 1;
  return service.requestsPerDay * growth * weekly * launchFactor(service, day, today) * jitter(0.04, seed, "requests", service.name, day);
}

/** The launched service serves this many times its usual traffic from the launch on. */
export function launchFactor(service: DemoService, day: Day, today: Day): number {
  const { launch } = SCENARIOS;
  return service.name === launch.service && day >= addDays(today, -launch.daysAgo) ? launch.trafficFactor : 1;
}

/** The month-end batch and the one-day burst: what they multiply a service's cost by that day. */
export function eventFactor(service: DemoService, day: Day, today: Day): number {
  const { monthEnd, spike } = SCENARIOS;
  if (service.name === monthEnd.service && addDays(day, 1).endsWith("-01")) return monthEnd.factor;
  if (service.name === spike.service && day === addDays(today, -spike.daysAgo)) return spike.factor;
  return 1;
}

/** The share of a service's traffic a cell takes; 1 for the whole service (cell = null). */
export function cellShare(cell: DemoCell | null): number {
  return cell === null ? 1 : CELL_SHARE[cell];
}

/** Integral of the daily traffic shape from midnight to fraction f of the day (0..1 → 0..1). */
export function diurnalCumulative(f: number): number {
  const k = DIURNAL_AMPLITUDE / (2 * Math.PI);
  return f - k * (Math.cos(2 * Math.PI * (f - DIURNAL_PHASE)) - Math.cos(-2 * Math.PI * DIURNAL_PHASE));
}

/**
 * Requests between t0 (included) and t1 (excluded), never past `now`. Called for every
 * metric of every resource and period, so the days are walked as numbers (UTC days are
 * whole multiples of a day's milliseconds) and turned into strings once each.
 */
export function requestsBetween(seed: number, service: DemoService, cell: DemoCell | null, t0: Date, t1: Date, now: Date): number {
  const start = t0.getTime();
  const end = Math.min(t1.getTime(), now.getTime());
  const today = dayAt(now.getTime());
  let total = 0;
  for (let d0 = Math.floor(start / MS_PER_DAY) * MS_PER_DAY; d0 < end; d0 += MS_PER_DAY) {
    const f0 = Math.max(0, (start - d0) / MS_PER_DAY);
    const f1 = Math.min(1, (end - d0) / MS_PER_DAY);
    if (f1 <= f0) continue;
    total += dailyRequests(seed, service, dayAt(d0), today) * (diurnalCumulative(f1) - diurnalCumulative(f0));
  }
  return total * cellShare(cell);
}

/** Each UTC day's text by its number since 1970, written once: requestsBetween asks for a few days again and again. */
const dayTexts = new BoundedMemo<number, Day>(DAILY_MEMO_DAYS);

/** The UTC day of an instant, as text. */
function dayAt(ms: number): Day {
  const n = Math.floor(ms / MS_PER_DAY);
  return dayTexts.get(n, () => toDay(new Date(n * MS_PER_DAY)));
}

/** Cost per request rises over the last weeks for the creeping service. */
export function creepFactor(service: DemoService, day: Day, today: Day): number {
  const { creep } = SCENARIOS;
  if (service.name !== creep.service) return 1;
  const progress = daysBetween(addDays(today, -creep.days), day) / creep.days;
  return 1 + creep.rise * Math.min(1, Math.max(0, progress));
}

/** What a service costs in a whole day, in USD. */
export function serviceCostUsd(seed: number, service: DemoService, day: Day, today: Day): number {
  const requests = dailyRequests(seed, service, day, today);
  const variableAtReference = (service.usdPerMillionRequests * service.requestsPerDay) / 1e6;
  const variable = variableAtReference * Math.pow(requests / service.requestsPerDay, service.scaleExponent);
  const fixed = service.fixedUsdPerDay * jitter(0.02, seed, "fixed", service.name, day);
  return (fixed + variable) * creepFactor(service, day, today) * eventFactor(service, day, today);
}

export interface OverloadWindow {
  cell: DemoCell;
  start: Date;
  end: Date;
}

/** The ongoing overload: from a few hours before now (whole minutes) until now. */
export function overloadWindow(now: Date): OverloadWindow {
  const { overload } = SCENARIOS;
  const start = new Date(Math.floor((now.getTime() - overload.startedHoursAgo * 3_600_000) / 60_000) * 60_000);
  return { cell: overload.cell, start, end: now };
}

/** Requests of the period [t0, t1) that fell inside the overload, for a cell's resource. */
export function overloadedRequests(seed: number, service: DemoService, cell: DemoCell | null, t0: Date, t1: Date, now: Date): number {
  const window = overloadWindow(now);
  if (cell !== window.cell) return 0;
  const start = new Date(Math.max(t0.getTime(), window.start.getTime()));
  const end = new Date(Math.min(t1.getTime(), window.end.getTime()));
  return end > start ? requestsBetween(seed, service, cell, start, end, now) : 0;
}
