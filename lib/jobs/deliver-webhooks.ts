// Sends the queued overload messages (WebhookDelivery, written with the incident's
// change). Each is tried at most MAX_DELIVERY_ATTEMPTS times with growing waits; a
// message that still fails is marked failed with its last error, not retried forever.
import type { Db } from "../db/client";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "../domain/incidents";

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ ok: boolean; status: number }>;

const TIMEOUT_MS = 5_000;

export interface DeliveryResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export async function deliverWebhooks(db: Db, now = new Date(), send: Fetch = fetch): Promise<DeliveryResult> {
  const due = await db.webhookDelivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, include: { webhook: true }, orderBy: { id: "asc" }, take: 100 });
  const result: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  for (const delivery of due) {
    const attempts = delivery.attempts + 1;
    let error: string | null = null;
    try {
      const response = await send(delivery.webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Frugal overload notifications" },
        body: JSON.stringify(delivery.payload),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
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
