-- AlterTable
ALTER TABLE "CloudAccount" ADD COLUMN "resourceCostNote" TEXT;

-- CreateTable
CREATE TABLE "ResourceCostDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "resourceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,
    CONSTRAINT "ResourceCostDay_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ResourceCostDay_day_idx" ON "ResourceCostDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceCostDay_resourceId_day_key" ON "ResourceCostDay"("resourceId", "day");
