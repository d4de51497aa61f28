-- CreateTable
CREATE TABLE "OverloadVerdict" (
    "applicationId" INTEGER NOT NULL,
    "judgedAt" TIMESTAMP(3) NOT NULL,
    "thresholds" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "cells" TEXT NOT NULL,
    "services" TEXT NOT NULL,

    CONSTRAINT "OverloadVerdict_pkey" PRIMARY KEY ("applicationId")
);

-- AddForeignKey
ALTER TABLE "OverloadVerdict" ADD CONSTRAINT "OverloadVerdict_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
