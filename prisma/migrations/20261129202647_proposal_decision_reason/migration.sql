-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "decisionReason" TEXT;
