-- CreateTable
CREATE TABLE "CostForecast" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "applicationId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "meanMicroUsd" BIGINT,
    "lowMicroUsd" BIGINT,
    "highMicroUsd" BIGINT,
    "error" TEXT,
    "readAt" DATETIME NOT NULL,
    CONSTRAINT "CostForecast_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CostForecast_applicationId_month_key" ON "CostForecast"("applicationId", "month");
