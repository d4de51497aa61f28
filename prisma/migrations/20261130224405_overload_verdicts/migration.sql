-- CreateTable
CREATE TABLE "OverloadVerdict" (
    "applicationId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "judgedAt" DATETIME NOT NULL,
    "thresholds" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "cells" TEXT NOT NULL,
    "services" TEXT NOT NULL,
    CONSTRAINT "OverloadVerdict_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
