// Report e-mail through SMTP (nodemailer), configured by SMTP_URL and FRUGAL_MAIL_FROM:
// an HTML body with the chart inline (a PNG by Content-ID), a plain-text part, the
// CSV attached. The Message-ID is made from the run and the recipient, so a message
// sent again after a crash mid-send is the same message to the receiving side.
import { createHash } from "node:crypto";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type { Report } from "../domain/report";
import { env } from "../env";
import { svgToPng } from "./chart-png";
import { chartSvg, reportCsv, reportHtml, reportText } from "./render";

export interface Mailer {
  send(message: SendMailOptions): Promise<unknown>;
}

const g = globalThis as unknown as { __frugalMailer?: { url: string; transport: Transporter } };

/** The configured SMTP server, or null when e-mail is off. */
export function smtpMailer(url: string | undefined = env.SMTP_URL): Mailer | null {
  if (!url) return null;
  if (g.__frugalMailer?.url !== url) {
    g.__frugalMailer = { url, transport: nodemailer.createTransport(`${url}${url.includes("?") ? "&" : "?"}connectionTimeout=15000&greetingTimeout=15000&socketTimeout=30000`) };
  }
  const transport = g.__frugalMailer.transport;
  return { send: (message) => transport.sendMail(message) };
}

export function reportFilename(report: Report, extension: "csv" | "html"): string {
  const slug = report.subjectName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "report";
  return `frugal-${slug}-${report.data.period.from}-${report.data.period.to}.${extension}`;
}

export function reportMail(report: Report, to: string, reportUrl: string, idempotencyKey: string): SendMailOptions {
  const messageId = `<report-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}@frugal>`;
  return {
    from: env.FRUGAL_MAIL_FROM,
    to,
    subject: report.subject,
    messageId,
    html: reportHtml(report, { reportUrl, chartSrc: "cid:chart@frugal" }),
    text: reportText(report, { reportUrl }),
    attachments: [
      { filename: "daily-cost.png", content: svgToPng(chartSvg(report)), contentType: "image/png", cid: "chart@frugal", contentDisposition: "inline" },
      { filename: reportFilename(report, "csv"), content: reportCsv(report), contentType: "text/csv; charset=utf-8" },
    ],
  };
}
