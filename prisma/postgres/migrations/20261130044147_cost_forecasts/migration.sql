-- CreateTable
CREATE TABLE "CostForecast" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "meanMicroUsd" BIGINT,
    "lowMicroUsd" BIGINT,
    "highMicroUsd" BIGINT,
    "error" TEXT,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CostForecast_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CostForecast_applicationId_month_key" ON "CostForecast"("applicationId", "month");

-- AddForeignKey
ALTER TABLE "CostForecast" ADD CONSTRAINT "CostForecast_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
