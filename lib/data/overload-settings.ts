// What engineers set on an application's overload page: its thresholds and the
// webhooks told when a signal becomes overloaded and when it recovers. A webhook's
// URL is a secret (a Slack incoming-webhook URL lets anyone post): it is stored
// whole, but the browser, the API and the audit log only ever see it masked.
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import { isSealed, openText, sealText } from "../auth/secret-box";
import type { Db } from "../db/client";
import type { Thresholds } from "../domain/signals";
import { NotFoundError, UnprocessableError } from "../errors";
import { env, listSetting } from "../env";
import { checkOutboundDestination, checkOutboundUrl, OutboundRefusedError, type OutboundPolicy } from "../net/outbound";
import { saveApplicationThresholds, type ThresholdsKind } from "./application-thresholds";
import { thresholdsOf, thresholdsSchema } from "./overload";

export const OVERLOAD_THRESHOLDS: ThresholdsKind<Thresholds> = { column: "overloadThresholds", action: "application.thresholds_changed", schema: thresholdsSchema, read: thresholdsOf };

/** Where webhooks may go: anywhere public, and internal hosts only when an admin lists them in FRUGAL_WEBHOOK_ALLOW. */
export function webhookPolicy(): OutboundPolicy {
  return { allow: listSetting(env.FRUGAL_WEBHOOK_ALLOW) };
}

export const webhookInput = z.object({
  url: z
    .string()
    .trim()
    .min(1, "A URL is needed.")
    .max(2000, "That URL is too long.")
    .pipe(z.url({ message: "That is not a URL." }))
    .superRefine((u, ctx) => {
      if (!URL.canParse(u)) return; // said already: not a URL
      try {
        checkOutboundUrl(u, webhookPolicy());
      } catch (error) {
        if (!(error instanceof OutboundRefusedError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
      }
    }),
  format: z.enum(["slack", "generic"], { message: "Choose Slack or generic JSON." }),
});

/** What someone who is not an admin reads about a failed delivery: whether it failed, not what the other end said (which would let them probe ports). */
export const GENERIC_DELIVERY_ERROR = "The receiver did not accept the message; an admin can see why.";

export interface WebhookView {
  id: number;
  /** Scheme and host, and the last 4 characters: enough to recognise it, not to use it. */
  maskedUrl: string;
  format: "slack" | "generic";
  enabled: boolean;
  createdAt: Date;
  delivered: number;
  failed: number;
  pending: number;
  lastError: string | null;
}

export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const rest = `${url.pathname}${url.search}`;
    return `${url.protocol}//${url.host}/…${rest.length > 8 ? rest.slice(-4) : ""}`;
  } catch {
    return "…";
  }
}

export async function listWebhooks(db: Db, applicationId: number, { showErrors = false } = {}): Promise<WebhookView[]> {
  const hooks = await db.webhook.findMany({ where: { applicationId }, orderBy: { id: "asc" } });
  const counts = await db.webhookDelivery.groupBy({ by: ["webhookId", "status"], where: { webhookId: { in: hooks.map((h) => h.id) } }, _count: { _all: true } });
  // Each webhook's latest error, one row each: not every failed delivery's, which only grow.
  const lastErrors = await Promise.all(
    hooks.map((h) => db.webhookDelivery.findFirst({ where: { webhookId: h.id, lastError: { not: null } }, orderBy: { id: "desc" }, select: { lastError: true } })),
  );
  const count = (id: number, status: string) => counts.find((c) => c.webhookId === id && c.status === status)?._count._all ?? 0;
  return hooks.map((h, i) => ({
    id: h.id,
    maskedUrl: maskUrl(openText(h.url)),
    format: h.format as WebhookView["format"],
    enabled: h.enabled,
    createdAt: h.createdAt,
    delivered: count(h.id, "delivered"),
    failed: count(h.id, "failed"),
    pending: count(h.id, "pending"),
    lastError: ((error) => (error === null || showErrors ? error : GENERIC_DELIVERY_ERROR))(lastErrors[i]?.lastError ?? null),
  }));
}

export async function addWebhook(db: Db, applicationId: number, input: z.infer<typeof webhookInput>, actor: AuditActor, policy: OutboundPolicy = webhookPolicy()) {
  // Where the name points now; delivery checks again where it points then.
  try {
    await checkOutboundDestination(input.url, policy);
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw new UnprocessableError(error.message);
    throw error;
  }
  return db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: applicationId } });
    if (!app) throw new NotFoundError("No such application.");
    const hook = await tx.webhook.create({ data: { applicationId, url: sealText(input.url), format: input.format } });
    await recordAudit(tx, {
      actor,
      action: "webhook.added",
      object: { type: "webhook", id: hook.id, label: maskUrl(input.url) },
      applicationId,
      after: { url: maskUrl(input.url), format: input.format },
    });
    return { id: hook.id, maskedUrl: maskUrl(input.url) };
  });
}

export async function removeWebhook(db: Db, webhookId: number, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: webhookId } });
    if (!hook) throw new NotFoundError("That webhook is gone already.");
    await tx.webhook.delete({ where: { id: webhookId } });
    await recordAudit(tx, {
      actor,
      action: "webhook.removed",
      object: { type: "webhook", id: webhookId, label: maskUrl(openText(hook.url)) },
      applicationId: hook.applicationId,
      before: { url: maskUrl(openText(hook.url)), format: hook.format },
    });
    return { maskedUrl: maskUrl(openText(hook.url)) };
  });
}

/** Saves an application's overload thresholds (null puts the defaults back); audited. */
export async function saveThresholds(db: Db, applicationId: number, thresholds: Thresholds | null, actor: AuditActor, reason?: string) {
  return saveApplicationThresholds(db, OVERLOAD_THRESHOLDS, applicationId, thresholds, actor, reason);
}

/** Webhook URLs stored before they were encrypted, encrypted now (at start-up; idempotent). */
export async function sealStoredWebhookUrls(db: Db): Promise<number> {
  const hooks = await db.webhook.findMany({ select: { id: true, url: true } });
  const plain = hooks.filter((h) => !isSealed(h.url));
  for (const h of plain) await db.webhook.update({ where: { id: h.id }, data: { url: sealText(h.url) } });
  return plain.length;
}
