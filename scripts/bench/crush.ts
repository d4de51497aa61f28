// Crush: OFREP and the ingestion API driven well past what the server can do, then
// back to normal, with a timeline per 5 s: requests offered (answered or failed),
// accepted (2xx), shed (429/503, each with Retry-After), failed (timeouts, resets),
// the accepted requests' p50 / p99, and the server's memory (front, dashboard and
// worker together). The load comes from autocannon in this process: under the crush
// it is as much as one core can offer, closed-loop (each connection sends its next
// request when the last is answered).
import type { EventEmitter } from "node:events";
import autocannon from "autocannon";
import { createApiToken } from "../../lib/auth/tokens";
import { createDb } from "../../lib/db/client";
import { deployPending } from "../../lib/db/migrate";
import { BASE, DB_FILE, ensureBuilt, serverRss, startServer, UNLIMITED_OFREP, whichAccount } from "./server";

export interface CrushPhase {
  name: string;
  seconds: number;
  /** Connections and, when given, a cap on requests per second across them (normal traffic). */
  ofrep: { connections: number; rate?: number };
  ingestion: { connections: number; rate?: number; points: number };
}

export interface CrushCounts {
  offered: number;
  accepted: number;
  shed: number;
  failed: number;
  shedWithoutRetryAfter: number;
  p50: number | null;
  p99: number | null;
}

export interface CrushBucket {
  second: number;
  phase: string;
  ofrep: CrushCounts;
  ingestion: CrushCounts;
  rssMiB: number | null;
}

export const CRUSH_PHASES: CrushPhase[] = [
  { name: "normal", seconds: 15, ofrep: { connections: 20, rate: 1_000 }, ingestion: { connections: 2, rate: 4, points: 100 } },
  { name: "crush", seconds: 30, ofrep: { connections: 2_000 }, ingestion: { connections: 100, points: 1_000 } },
  { name: "normal", seconds: 60, ofrep: { connections: 20, rate: 1_000 }, ingestion: { connections: 2, rate: 4, points: 100 } },
];

const BUCKET_MS = 5_000;

function quantile(sorted: number[], q: number): number | null {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : null;
}

export async function crush(options: {
  base: string;
  flagsToken: string;
  ingestToken: string;
  application: string;
  rss: () => number | null;
  phases?: CrushPhase[];
}): Promise<CrushBucket[]> {
  const phases = options.phases ?? CRUSH_PHASES;
  const started = performance.now();
  type Raw = { latencies: number[]; offered: number; accepted: number; shed: number; failed: number; bare: number };
  type Target = "ofrep" | "ingestion";
  const raw = (): Raw => ({ latencies: [], offered: 0, accepted: 0, shed: 0, failed: 0, bare: 0 });
  const buckets: { ofrep: Raw; ingestion: Raw; rss: number | null }[] = [];
  const bucket = () => {
    const index = Math.floor((performance.now() - started) / BUCKET_MS);
    while (buckets.length <= index) buckets.push({ ofrep: raw(), ingestion: raw(), rss: null });
    return buckets[index]!;
  };
  const phaseStarts: { name: string; at: number }[] = [];
  const sampler = setInterval(() => {
    const b = bucket();
    b.rss = Math.max(b.rss ?? 0, options.rss() ?? 0);
  }, 1_000);

  // whether each connection's last answer carried Retry-After: autocannon's clients emit the
  // parser's header info ({ headers: [name, value, ...] }, http-parser-js), typed otherwise
  const retryAfter = new WeakMap<object, boolean>();
  const setupClient = (client: autocannon.Client) =>
    (client as unknown as EventEmitter).on("headers", (info: { headers: string[] }) => retryAfter.set(client, info.headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === "retry-after")));
  const track = (instance: autocannon.Instance, target: Target) => {
    instance.on("response", (client, statusCode, _bytes, responseTime) => {
      const b = bucket()[target];
      b.offered++;
      if (statusCode >= 200 && statusCode < 300) {
        b.accepted++;
        b.latencies.push(responseTime);
      } else if (statusCode === 429 || statusCode === 503) {
        b.shed++;
        if (!retryAfter.get(client)) b.bare++;
      } else b.failed++;
    });
    instance.on("reqError", () => {
      const b = bucket()[target];
      b.offered++;
      b.failed++;
    });
  };
  const fire = (opts: autocannon.Options, target: Target) =>
    new Promise<void>((resolve, reject) => track(autocannon({ ...opts, setupClient, timeout: 10 }, (error) => (error ? reject(error as Error) : resolve())), target));

  const body = (points: number) =>
    JSON.stringify({ points: Array.from({ length: points }, (_, i) => ({ metric: "crush_points", timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), value: i })) });

  try {
    for (const phase of phases) {
      phaseStarts.push({ name: phase.name, at: performance.now() - started });
      const json = { "content-type": "application/json" };
      await Promise.all([
        fire(
          {
            url: `${options.base}/ofrep/v1/evaluate/flags/recommendations.enabled`,
            method: "POST",
            headers: { ...json, authorization: `Bearer ${options.flagsToken}` },
            body: JSON.stringify({ context: { targetingKey: "user-1234" } }),
            connections: phase.ofrep.connections,
            ...(phase.ofrep.rate ? { overallRate: phase.ofrep.rate } : {}),
            duration: phase.seconds,
          },
          "ofrep",
        ),
        fire(
          {
            url: `${options.base}/api/v1/applications/${options.application}/business-metrics`,
            method: "POST",
            headers: { ...json, authorization: `Bearer ${options.ingestToken}` },
            body: body(phase.ingestion.points),
            connections: phase.ingestion.connections,
            ...(phase.ingestion.rate ? { overallRate: phase.ingestion.rate } : {}),
            duration: phase.seconds,
          },
          "ingestion",
        ),
      ]);
    }
  } finally {
    clearInterval(sampler);
  }
  const counts = (r: Raw): CrushCounts => {
    const sorted = r.latencies.sort((x, y) => x - y);
    return { offered: r.offered, accepted: r.accepted, shed: r.shed, failed: r.failed, shedWithoutRetryAfter: r.bare, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  };
  // a bucket belongs to the phase under way at its middle
  const phaseAt = (ms: number) => phaseStarts.filter((p) => p.at <= ms).at(-1)?.name ?? "";
  return buckets.map((b, i) => ({ second: (i * BUCKET_MS) / 1000, phase: phaseAt((i + 0.5) * BUCKET_MS), ofrep: counts(b.ofrep), ingestion: counts(b.ingestion), rssMiB: b.rss }));
}

/** The crush's verdict from its timeline, per endpoint: what the issue asks of a server past capacity. */
export function crushVerdict(buckets: CrushBucket[], target: "ofrep" | "ingestion") {
  const firstCrush = buckets.findIndex((b) => b.phase === "crush");
  const lastCrush = buckets.findLastIndex((b) => b.phase === "crush");
  const before = buckets.slice(0, Math.max(0, firstCrush)).map((b) => b[target]).filter((c) => c.p99 !== null);
  const during = buckets.slice(firstCrush, lastCrush + 1).map((b) => b[target]);
  const after = buckets.slice(lastCrush + 1).map((b) => b[target]);
  const worst = (cs: CrushCounts[], f: "p50" | "p99") => Math.max(0, ...cs.map((c) => c[f] ?? 0));
  const baselineP99 = worst(before, "p99");
  // back to normal: the first bucket after the crush from which every p99 stays within twice the worst p99 before it (5 ms at least)
  const recoveredAt = after.findIndex((_, i) => after.slice(i).every((c) => c.p99 === null || c.p99 <= Math.max(2 * baselineP99, baselineP99 + 5)));
  const sum = (cs: CrushCounts[], f: "offered" | "accepted" | "shed" | "failed" | "shedWithoutRetryAfter") => cs.reduce((s, c) => s + c[f], 0);
  return {
    baselineP50: worst(before, "p50"),
    baselineP99,
    crushP50: worst(during, "p50"),
    crushP99: worst(during, "p99"),
    offered: sum(during, "offered"),
    accepted: sum(during, "accepted"),
    shed: sum(during, "shed"),
    shedWithoutRetryAfter: sum(buckets.map((b) => b[target]), "shedWithoutRetryAfter"),
    failed: sum(during, "failed"),
    recoveredAfterSeconds: recoveredAt < 0 ? null : recoveredAt * (BUCKET_MS / 1000),
  };
}

/**
 * The crush part (`npm run bench -- crush`): the production server, on the database the web
 * part left, driven past capacity on OFREP and the ingestion API and back (crush, above).
 * The OFREP rate limit per token is lifted, as in the web part: the point is the
 * server's own shedding, not one token's limit.
 */
export async function benchCrush() {
  ensureBuilt();
  const url = `file:${DB_FILE}`;
  await deployPending(url);
  const account = await whichAccount(url);
  const db = createDb(url);
  const storefront = await db.application.findFirstOrThrow({ where: { slug: "storefront" } });
  await db.businessMetric.upsert({ where: { applicationId_name: { applicationId: storefront.id, name: "crush_points" } }, update: {}, create: { applicationId: storefront.id, name: "crush_points", unit: "points", origin: "push" } });
  const actor = { kind: "system", label: "bench" } as const;
  const flagsToken = (await createApiToken(db, { applicationId: storefront.id, name: "crush-flags", scope: "flags", actor })).token;
  const ingestToken = (await createApiToken(db, { applicationId: storefront.id, name: "crush-ingest", scope: "ingest", actor })).token;
  await db.$disconnect();
  const server = await startServer(url, UNLIMITED_OFREP);
  try {
    console.log(`\nCrush: OFREP and ingestion past capacity, then back, on ${account} (normal: OFREP 20 connections at 1,000 req/s and 4 imports/s of 100 points; crush: 2,000 + 100 connections of 1,000 points, as fast as they are answered); about 2 minutes`);
    const timeline = await crush({ base: BASE, flagsToken, ingestToken, application: "storefront", rss: () => serverRss(server.pid) });
    const ms = (v: number | null) => (v === null ? "–" : v.toFixed(0));
    const group = (c: CrushCounts) => [c.offered, c.accepted, c.shed, c.failed].map((n) => n.toLocaleString("en").padStart(9)).join("") + ms(c.p50).padStart(7) + ms(c.p99).padStart(7);
    const header = ["offered", "accepted", "shed", "failed"].map((h) => h.padStart(9)).join("") + "p50".padStart(7) + "p99".padStart(7);
    console.log("".padEnd(16) + "OFREP (accepted p50 / p99 in ms)".padStart(46) + "   " + "ingestion (accepted p50 / p99 in ms)".padStart(46));
    console.log("  second  phase".padEnd(16) + header + "   " + header + "RSS MiB".padStart(9));
    for (const b of timeline) console.log(`  ${String(b.second).padStart(6)}  ${b.phase}`.padEnd(16) + group(b.ofrep) + "   " + group(b.ingestion) + ms(b.rssMiB).padStart(9));
    const before = timeline.slice(0, timeline.findIndex((b) => b.phase === "crush"));
    const rss = (bs: typeof timeline) => Math.max(0, ...bs.map((b) => b.rssMiB ?? 0));
    const verdicts = { ofrep: crushVerdict(timeline, "ofrep"), ingestion: crushVerdict(timeline, "ingestion") };
    for (const [name, v] of Object.entries(verdicts)) {
      console.log(`  ${name}: before p50 ${ms(v.baselineP50)} / p99 ${ms(v.baselineP99)} ms; crushed: ${v.offered.toLocaleString("en")} offered, ${v.accepted.toLocaleString("en")} accepted (p50 ${ms(v.crushP50)}, p99 ${ms(v.crushP99)} ms at worst), ${v.shed.toLocaleString("en")} shed (${v.shedWithoutRetryAfter} without Retry-After), ${v.failed.toLocaleString("en")} failed; back to normal ${v.recoveredAfterSeconds === null ? "NOT within the time measured" : `${v.recoveredAfterSeconds} s after the load dropped`}`);
    }
    console.log(`  memory (front, dashboard and worker): ${ms(rss(before))} MiB before, ${ms(rss(timeline))} MiB at most, ${ms(timeline.at(-1)?.rssMiB ?? null)} MiB at the end`);
    console.log("  target: accepted latency bounded while crushed, shed answers with Retry-After, p99 back to normal (within twice the p99 before) within 60 s");
    console.log(JSON.stringify({ crush: { timeline, verdicts } }));
  } finally {
    server.kill("SIGTERM");
  }
}
