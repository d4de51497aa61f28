-- AlterTable
ALTER TABLE "Application" ADD COLUMN "monthlyBudgetMicroUsd" BIGINT;
