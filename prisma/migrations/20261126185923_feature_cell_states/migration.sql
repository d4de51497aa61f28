-- AlterTable
ALTER TABLE "Feature" ADD COLUMN "cellStates" JSONB;
