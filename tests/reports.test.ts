// Scheduled reports end to end on the demo account: made from the dashboard's figures,
// mailed through a real SMTP server in this process (smtp-server) and read back as a
// mail client would (mailparser); sent once per recipient with two schedulers, after a
// crash and after downtime; bounded retries against a failing server; signed webhooks.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import Papa from "papaparse";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listApplications } from "../app/api/v1/applications/route";
import { GET as getRun } from "../app/api/v1/report-runs/[run]/route";
import { DELETE as deleteScheduleRoute } from "../app/api/v1/report-schedules/[schedule]/route";
import { GET as listSchedulesRoute, POST as createScheduleRoute } from "../app/api/v1/report-schedules/route";
import { createDb } from "../lib/db/client";
import { createSchedule, scheduleInput } from "../lib/data/report-schedules";
import { checkSchedule, lastFireTime, reportWindow } from "../lib/domain/report-schedule";
import { deliverReports, MAX_DELIVERY_ATTEMPTS, retryDelivery, tickReports } from "../lib/jobs/reports";
import { smtpMailer } from "../lib/reports/mail";
import { createAppContext, ORIGIN, type AppContext } from "./app-context";

vi.mock("next/headers", async () => (await import("./next-mocks")).nextHeadersMock());
vi.mock("next/cache", async () => (await import("./next-mocks")).nextCacheMock());

interface Smtp {
  url: string;
  received: ParsedMail[];
  close: () => Promise<void>;
}

/** An SMTP server on a free port that keeps what it receives, or refuses every recipient with `refuse`. */
async function smtpServer(refuse?: string): Promise<Smtp> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refuse) return callback();
      const error = Object.assign(new Error(refuse), { responseCode: 451 });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream, { keepCidLinks: true }).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (handler: Handler, path: string, headers: Record<string, string>, params: Record<string, string> = {}, init: RequestInit = {}) =>
  handler(new Request(`${ORIGIN}${path}`, { ...init, headers: { host: "localhost:3000", ...headers } }), { params: Promise.resolve(params) });

const actor = { kind: "system", label: "test" } as const;
const DAY = 86_400_000;

let ctx: AppContext;
let smtp: Smtp;
beforeAll(async () => {
  ctx = await createAppContext({ days: 40 });
  smtp = await smtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await ctx?.close();
});

async function schedule(input: Record<string, unknown>, createdDaysAgo = 30) {
  const s = await createSchedule(ctx.db, scheduleInput.parse({ timezone: "Europe/Berlin", ...input }), { userId: null, label: "test" }, actor);
  // Made a while ago, so that its last firing (not the next) is due now.
  await ctx.db.reportSchedule.update({ where: { id: s.id }, data: { createdAt: new Date(Date.now() - createdDaysAgo * DAY) } });
  return s;
}

/**
 * The moment a test ticks at: now, unless the schedule fires within the next 10 minutes, which the
 * test's later ticks (a few minutes on) would reach, making a second period's run; then an hour after
 * that firing. The tests must not depend on when they run: a CI run at 06:58 UTC on the 1st of a month
 * met "0 8 1 * *" (Berlin) that way, and the monthly report went out twice.
 */
function clearOfNextFiring(cron: string, zone = "Europe/Berlin"): Date {
  const now = new Date();
  const [next] = checkSchedule(cron, zone, now, 1);
  return next && next.getTime() - now.getTime() < 10 * 60_000 ? new Date(next.getTime() + 3_600_000) : now;
}

const mailsTo = (address: string) => smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));

describe("a scheduled report by e-mail", () => {
  it("arrives with a scannable subject, HTML and text parts, the chart inline and the CSV, whose numbers are the API's", async () => {
    const now = clearOfNextFiring("0 8 * * 1");
    const s = await schedule({ name: "Weekly storefront", cron: "0 8 * * 1", period: "last-week", applications: ["storefront"], emails: ["finance@example.com", "lead@example.com"] });
    const mailer = smtpMailer(smtp.url);
    const result = await tickReports(ctx.db, { now, mailer });
    expect(result).toMatchObject({ created: 1, generated: 1, deliveries: { delivered: 2, failed: 0 } });

    const [mail] = mailsTo("finance@example.com");
    expect(mailsTo("lead@example.com")).toHaveLength(1);
    expect(mail!.subject).toMatch(/^Frugal · Storefront · week \d+ \(\d+.* \d{4}\): \$[\d,]+ \([+−]\d+\.\d\u00a0%\)$/);
    expect(mail!.html).toContain("Storefront");
    expect(mail!.html).toContain('src="cid:chart@frugal"');
    expect(mail!.text).toContain("Per 1M requests:");
    const chart = mail!.attachments.find((a) => a.contentId === "<chart@frugal>" || a.cid === "chart@frugal");
    expect(chart?.contentType).toBe("image/png");
    expect(chart!.content.subarray(1, 4).toString()).toBe("PNG");
    const csv = mail!.attachments.find((a) => a.contentType.startsWith("text/csv"));
    expect(csv?.filename).toMatch(/^frugal-storefront-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

    // The CSV's application row against GET /api/v1/applications for the same days.
    const rows = Papa.parse<Record<string, string>>(csv!.content.toString("utf8").trim(), { header: true }).data;
    const appRow = rows.find((r) => r.service === "")!;
    const api = await (await call(listApplications, `/api/v1/applications?from=${appRow.from}&to=${appRow.to}`, { cookie: ctx.cookies.viewer })).json();
    const storefront = api.applications.find((a: { id: string }) => a.id === "storefront");
    expect(Number(appRow.costUsd)).toBe(storefront.costUsd);
    expect(Number(appRow.requests)).toBe(storefront.requestCount);
    expect(Number(appRow.costPer1MUsd)).toBeCloseTo(storefront.costPerMillionRequestsUsd, 6);
    // Its services add up to what the services carry (the application may also hold a pool no service took).
    expect(rows.filter((r) => r.service !== "").length).toBeGreaterThan(2);

    // Run again, and again a minute later: nothing new is made or sent.
    await tickReports(ctx.db, { now, mailer });
    await tickReports(ctx.db, { now: new Date(now.getTime() + 60_000), mailer });
    expect(mailsTo("finance@example.com")).toHaveLength(1);
    expect(await ctx.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(1);

    // The report's page data over the API, as JSON and as CSV.
    const run = await ctx.db.reportRun.findFirstOrThrow({ where: { scheduleId: s.id } });
    const json = await (await call(getRun, `/api/v1/report-runs/${run.id}`, { cookie: ctx.cookies.viewer }, { run: String(run.id) })).json();
    expect(json.headline.costUsd).toBe(storefront.costUsd);
    const csvResponse = await call(getRun, `/api/v1/report-runs/${run.id}?format=csv`, { cookie: ctx.cookies.viewer }, { run: String(run.id) });
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    expect(await csvResponse.text()).toBe(csv!.content.toString("utf8"));
  });

  it("is made once and sent once per recipient by two schedulers on one database", async () => {
    const s = await schedule({ name: "Daily digest", cron: "0 7 * * *", period: "yesterday", emails: ["a@example.com", "b@example.com"] });
    const other = createDb(ctx.url);
    try {
      const now = new Date();
      const mailer = smtpMailer(smtp.url);
      await Promise.all([tickReports(ctx.db, { now, mailer, holder: "instance-a" }), tickReports(other, { now, mailer, holder: "instance-b" }), tickReports(ctx.db, { now, mailer, holder: "instance-c" })]);
    } finally {
      await other.$disconnect();
    }
    expect(await ctx.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(1);
    expect(mailsTo("a@example.com")).toHaveLength(1);
    expect(mailsTo("b@example.com")).toHaveLength(1);
  });

  it("is finished by the next scheduler when the one making it died half-way, and not sent twice", async () => {
    const now = clearOfNextFiring("0 8 1 * *");
    const mailer = smtpMailer(smtp.url);
    const s = await schedule({ name: "Monthly for finance", cron: "0 8 1 * *", period: "last-month", emails: ["cfo@example.com"] }, 70);
    // A process took the period's run and died: its lease runs for another minute.
    const fire = lastFireTime(s.cron, s.timezone, now, new Date(0))!;
    const window = reportWindow("last-month", fire, s.timezone);
    const run = await ctx.db.reportRun.create({ data: { scheduleId: s.id, periodKey: window.key, fromDay: window.from, toDay: window.to, label: window.label, trigger: "schedule", scheduledFor: fire, holder: "gone:1:dead", leaseExpiresAt: new Date(now.getTime() + 60_000), attempts: 1 } });
    await tickReports(ctx.db, { now, mailer });
    expect((await ctx.db.reportRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("generating");
    expect(mailsTo("cfo@example.com")).toHaveLength(0);
    // Once the lease has passed, the next tick takes it over, makes it and sends it.
    await tickReports(ctx.db, { now: new Date(now.getTime() + 2 * 60_000), mailer });
    const done = await ctx.db.reportRun.findUniqueOrThrow({ where: { id: run.id }, include: { deliveries: true } });
    expect(done.status).toBe("ready");
    expect(done.deliveries.map((d) => d.status)).toEqual(["delivered"]);
    expect(mailsTo("cfo@example.com")).toHaveLength(1);

    // A sender that died after claiming a delivery: sent again once its claim passes, not before.
    await ctx.db.reportDelivery.update({ where: { id: done.deliveries[0]!.id }, data: { status: "sending", claimedUntil: new Date(now.getTime() + 5 * 60_000) } });
    await deliverReports(ctx.db, { now: new Date(now.getTime() + 3 * 60_000), mailer });
    expect(mailsTo("cfo@example.com")).toHaveLength(1);
    await deliverReports(ctx.db, { now: new Date(now.getTime() + 6 * 60_000), mailer });
    const again = mailsTo("cfo@example.com");
    expect(again).toHaveLength(2);
    // The same message: a receiving side that saw the first drops the second by its Message-ID.
    expect(again[1]!.messageId).toBe(again[0]!.messageId);
  });

  it("after downtime catches up the missed days once, not once per missed day", async () => {
    const s = await schedule({ name: "Daily after a pause", cron: "0 6 * * *", timezone: "UTC", period: "yesterday", emails: ["ops@example.com"] }, 10);
    await tickReports(ctx.db, { now: new Date(), mailer: smtpMailer(smtp.url) });
    expect(await ctx.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(1);
    expect(mailsTo("ops@example.com")).toHaveLength(1);
  });

  it("against a failing SMTP server: retried with growing waits a bounded number of times, then failed with the server's reason; retry sends it", async () => {
    const failing = await smtpServer("Mailbox busy, try later");
    try {
      const mailer = smtpMailer(failing.url);
      const s = await schedule({ name: "To a busy server", cron: "0 9 * * *", timezone: "UTC", period: "yesterday", emails: ["busy@example.com"] });
      let now = new Date();
      await tickReports(ctx.db, { now, mailer });
      const waits: number[] = [];
      for (let i = 0; i < 10; i++) {
        const d = await ctx.db.reportDelivery.findFirstOrThrow({ where: { run: { scheduleId: s.id } } });
        if (d.status !== "pending") break;
        waits.push(d.nextAttemptAt.getTime() - now.getTime());
        now = d.nextAttemptAt;
        await deliverReports(ctx.db, { now, mailer });
      }
      const failed = await ctx.db.reportDelivery.findFirstOrThrow({ where: { run: { scheduleId: s.id } } });
      expect(failed.status).toBe("failed");
      expect(failed.attempts).toBe(MAX_DELIVERY_ATTEMPTS);
      expect(failed.lastError).toMatch(/451.*Mailbox busy, try later/);
      expect(waits).toEqual([30_000, 120_000, 480_000, 1_920_000]);
      expect(failing.received).toHaveLength(0);
      // Fixed: "retry" sends it now.
      const retried = await retryDelivery(ctx.db, failed.id, { mailer: smtpMailer(smtp.url) });
      expect(retried?.status).toBe("delivered");
      expect(mailsTo("busy@example.com")).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });

  it("with e-mail off is still made and kept, its e-mail skipped with the reason", async () => {
    const s = await schedule({ name: "No SMTP here", cron: "0 10 * * *", timezone: "UTC", period: "yesterday", emails: ["nobody@example.com"] });
    await tickReports(ctx.db, { now: new Date(), mailer: null });
    const run = await ctx.db.reportRun.findFirstOrThrow({ where: { scheduleId: s.id }, include: { deliveries: true } });
    expect(run.status).toBe("ready");
    expect(run.deliveries[0]).toMatchObject({ status: "skipped", lastError: "E-mail is off: SMTP_URL is not set." });
  });
});

describe("a scheduled report by webhook", () => {
  it("posts Slack blocks and a signed JSON body, never showing the URL", async () => {
    const posts: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        posts.push({ path: req.url ?? "", headers: req.headers, body });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Addresses on this machine are refused by the form and the API (FRUGAL_WEBHOOK_ALLOW lets them); stored directly here, sent under a policy that allows them.
      const policy = { allow: ["127.0.0.1"] };
      const webhooks = [{ url: `${base}/slack/T0SECRET`, format: "slack" as const, secret: undefined }, { url: `${base}/json/SECRET2`, format: "generic" as const, secret: "s3cret-key" }];
      const created = await createSchedule(ctx.db, { name: "To chat", cron: "0 11 * * *", timezone: "UTC", period: "yesterday", applications: [], emails: [], webhooks }, { userId: null, label: "test" }, actor);
      await ctx.db.reportSchedule.update({ where: { id: created.id }, data: { createdAt: new Date(Date.now() - 30 * DAY) } });
      const result = await tickReports(ctx.db, { now: new Date(), policy, mailer: null });
      expect(result.deliveries.delivered).toBeGreaterThanOrEqual(2);
      const slack = posts.find((p) => p.path.startsWith("/slack"))!;
      expect(JSON.parse(slack.body).blocks[0]).toMatchObject({ type: "header" });
      const json = posts.find((p) => p.path.startsWith("/json"))!;
      const expected = `sha256=${createHmac("sha256", "s3cret-key").update(`${json.headers["x-frugal-timestamp"]}.${json.body}`).digest("hex")}`;
      expect(json.headers["x-frugal-signature"]).toBe(expected);
      expect(slack.headers["x-frugal-signature"]).toBeUndefined();
      expect(JSON.parse(json.body)).toMatchObject({ event: "report.ready", headline: { costUsd: expect.any(Number) }, applications: expect.any(Array) });

      const listed = await (await call(listSchedulesRoute, "/api/v1/report-schedules", { cookie: ctx.cookies.viewer })).text();
      expect(listed).toContain("To chat");
      expect(listed).not.toContain("SECRET");
      const deliveries = await ctx.db.reportDelivery.findMany({ where: { run: { scheduleId: created.id } } });
      expect(deliveries.map((d) => d.label).join(" ")).not.toContain("SECRET");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("report schedules over the API", () => {
  const post = (cookie: string, body: unknown) => call(createScheduleRoute, "/api/v1/report-schedules", { cookie, origin: ORIGIN, "content-type": "application/json" }, {}, { method: "POST", body: JSON.stringify(body) });
  const good = { name: "API weekly", cron: "0 8 * * 1", timezone: "America/New_York", period: "last-week", applications: ["fulfilment"], emails: ["team@example.com"] };

  it("creates a schedule for an engineer, with its next runs in its zone", async () => {
    const response = await post(ctx.cookies.engineer, good);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ name: "API weekly", applications: ["fulfilment"], description: "At 08:00, only on Monday (America/New_York)", recipients: [{ kind: "email", label: "team@example.com" }] });
    expect(new Date(body.nextRuns[0]).getUTCHours()).toBeGreaterThanOrEqual(12); // 08:00 in New York is 12:00 or 13:00 UTC
    const audit = await ctx.db.auditEvent.findFirst({ where: { action: "report.schedule_created", objectId: String(body.id) } });
    expect(audit?.actorLabel).toBe("engineer@demo.frugal.dev");
  });

  it.each([
    [{ ...good, cron: "*/10 * * * *" }, /cron: '\*\/10 \* \* \* \*' fires more often than hourly/],
    [{ ...good, cron: "0 0 31 2 *" }, /never fires/],
    [{ ...good, timezone: "Europe/Atlantis" }, /timezone: 'Europe\/Atlantis' is not a time zone/],
    [{ ...good, period: "fortnight" }, /period: The period is one of/],
    [{ ...good, emails: ["not-an-address"] }, /emails\.0: That is not an e-mail address/],
    [{ ...good, webhooks: [{ url: "http://169.254.169.254/latest", format: "slack" }] }, /webhooks\.0\.url/],
    // The schema's message is a sentence already: one full stop at the end, not two.
    [{ ...good, name: " " }, /^Invalid body: name: Give the schedule a name\.$/],
  ])("refuses %j with a reason", async (body, message) => {
    const response = await post(ctx.cookies.engineer, body);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  });

  it("refuses an application that does not exist with 422", async () => {
    const response = await post(ctx.cookies.engineer, { ...good, applications: ["nope"] });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toBe("There is no application 'nope'.");
  });

  it("lets a viewer read schedules but not create them; only the creator or an admin deletes one", async () => {
    expect((await post(ctx.cookies.viewer, good)).status).toBe(403);
    const created = await (await post(ctx.cookies.engineer, { ...good, name: "Mine" })).json();
    const del = (cookie: string) => call(deleteScheduleRoute, `/api/v1/report-schedules/${created.id}`, { cookie, origin: ORIGIN }, { schedule: String(created.id) }, { method: "DELETE" });
    const refused = await del(ctx.cookies.owner);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toBe("Only engineer@demo.frugal.dev or an admin may delete this schedule.");
    expect((await del(ctx.cookies.admin)).status).toBe(204);
    expect(await ctx.db.reportSchedule.findUnique({ where: { id: created.id } })).toBeNull();
  });
});
