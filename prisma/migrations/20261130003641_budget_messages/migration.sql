/*
  Warnings:

  - A unique constraint covering the columns `[webhookId,budgetMonth,event]` on the table `WebhookDelivery` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN "budgetMonth" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_budgetMonth_event_key" ON "WebhookDelivery"("webhookId", "budgetMonth", "event");
