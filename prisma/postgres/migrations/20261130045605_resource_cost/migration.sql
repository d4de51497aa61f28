-- AlterTable
ALTER TABLE "CloudAccount" ADD COLUMN     "resourceCostNote" TEXT;

-- CreateTable
CREATE TABLE "ResourceCostDay" (
    "id" SERIAL NOT NULL,
    "resourceId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "costMicroUsd" BIGINT NOT NULL,

    CONSTRAINT "ResourceCostDay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResourceCostDay_day_idx" ON "ResourceCostDay"("day");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceCostDay_resourceId_day_key" ON "ResourceCostDay"("resourceId", "day");

-- AddForeignKey
ALTER TABLE "ResourceCostDay" ADD CONSTRAINT "ResourceCostDay_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
