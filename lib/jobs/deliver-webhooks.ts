// Sends the queued overload messages (WebhookDelivery, written with the incident's
// change). Each is tried at most MAX_DELIVERY_ATTEMPTS times with growing waits; a
// message that still fails is marked failed with its last error, not retried forever.
// Every delivery goes through lib/net/outbound.ts: never to this machine or a private
// network (checked on the address the name resolves to at that moment), no redirects.
import type { Db } from "../db/client";
import { openText } from "../auth/secret-box";
import { webhookPolicy } from "../data/overload-settings";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "../domain/incidents";
import { postJson, type OutboundPolicy } from "../net/outbound";

const TIMEOUT_MS = 5_000;

export interface DeliveryResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export async function deliverWebhooks(db: Db, now = new Date(), policy: OutboundPolicy = webhookPolicy()): Promise<DeliveryResult> {
  const due = await db.webhookDelivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, include: { webhook: true }, orderBy: { id: "asc" }, take: 100 });
  const result: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  for (const delivery of due) {
    const attempts = delivery.attempts + 1;
    let error: string | null = null;
    try {
      const response = await postJson(openText(delivery.webhook.url), JSON.stringify(delivery.payload), { policy, timeoutMs: TIMEOUT_MS, userAgent: "Frugal overload notifications" });
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error === null) {
      await db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "delivered", attempts, deliveredAt: now, lastError: null } });
      result.delivered++;
      continue;
    }
    const delay = retryDelayMs(attempts);
    // The URL carries the webhook's secret: the error is kept, the URL is not logged.
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: delay === null ? { status: "failed", attempts, lastError: error.slice(0, 500) } : { attempts, lastError: error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + delay) },
    });
    if (delay === null) {
      console.error(`[frugal] webhook ${delivery.webhookId}: gave up on message ${delivery.id} after ${MAX_DELIVERY_ATTEMPTS} attempts (${error})`);
      result.failed++;
    } else result.retrying++;
  }
  return result;
}
