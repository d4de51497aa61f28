-- CreateTable
CREATE TABLE "TagBudget" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "tagKey" TEXT NOT NULL,
    "tagValue" TEXT NOT NULL,
    "monthlyBudgetMicroUsd" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TagBudget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TagBudget_accountId_tagKey_tagValue_key" ON "TagBudget"("accountId", "tagKey", "tagValue");

-- AddForeignKey
ALTER TABLE "TagBudget" ADD CONSTRAINT "TagBudget_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "CloudAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
