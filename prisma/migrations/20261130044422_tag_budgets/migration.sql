-- CreateTable
CREATE TABLE "TagBudget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "tagKey" TEXT NOT NULL,
    "tagValue" TEXT NOT NULL,
    "monthlyBudgetMicroUsd" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TagBudget_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TagBudget_accountId_tagKey_tagValue_key" ON "TagBudget"("accountId", "tagKey", "tagValue");
