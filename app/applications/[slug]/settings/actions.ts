"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { setAllocationStrategy, setMonthlyBudget, updateApplicationDetails } from "@/lib/data/application-settings";
import { parseUsdToMicro } from "@/lib/domain/money";
import type { Db } from "@/lib/db/client";
import type { AllocationStrategy } from "@/lib/domain/allocation";

const application = {
  fields: z.object({ applicationId: z.coerce.number().int() }),
  resolve: async ({ key, db }: { key: { applicationId: number }; db: Db }) => {
    const app = await db.application.findUnique({ where: { id: key.applicationId } });
    return app && { target: { kind: "application" as const, applicationId: app.id, name: app.name }, object: app };
  },
};

export const updateDetailsAction = serverAction({
  permission: "application:edit",
  target: application,
  input: z.object({
    name: z.string().trim().min(1, "A name is needed.").max(80),
    description: z.string().trim().max(300).transform((d) => d || null),
    // "" is the default (the first declared metric that is not revenue); absent leaves it as it is.
    headlineMetricId: z
      .union([z.literal(""), z.coerce.number().int().positive()])
      .optional()
      .transform((v) => (v === "" ? null : v)),
  }),
  handler: async ({ input, object, principal, db }) => updateApplicationDetails(db, object.id, input, principal),
  revalidate: ({ object }) => [`/applications/${object.slug}`, "/"],
  message: (app) => `Saved ${app.name}.`,
});

/** Weights are relative: this is room enough, and keeps their sum far from overflowing. */
const MAX_WEIGHT = 1_000_000;

/** Fields named weight:<service> carry the fixed weights. */
const strategyInput = z
  .looseObject({ strategy: z.enum(["requests", "even", "weights"]), reason: z.string().trim().max(500).optional() })
  .transform((input, ctx): { strategy: AllocationStrategy; reason?: string } => {
    if (input.strategy !== "weights") return { strategy: { kind: input.strategy }, reason: input.reason };
    // No prototype: a service called "__proto__" is just a name.
    const weights: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [key, raw] of Object.entries(input)) {
      if (!key.startsWith("weight:") || raw === "" || raw === null) continue;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0 || value > MAX_WEIGHT) {
        ctx.addIssue({ code: "custom", path: [key], message: `A weight is a number from 0 to ${MAX_WEIGHT.toLocaleString("en-US")}.` });
        return z.NEVER;
      }
      if (value > 0) weights[key.slice("weight:".length)] = value;
    }
    if (Object.keys(weights).length === 0) {
      ctx.addIssue({ code: "custom", path: ["strategy"], message: "Give at least one service a weight above 0." });
      return z.NEVER;
    }
    return { strategy: { kind: "weights", weights }, reason: input.reason };
  });

export const setAllocationAction = serverAction({
  permission: "application:edit",
  target: application,
  input: strategyInput,
  handler: async ({ input, object, principal, db }) => setAllocationStrategy(db, object.id, input.strategy, principal, input.reason),
  revalidate: ({ object }) => [`/applications/${object.slug}`, `/applications/${object.slug}/settings`],
  message: (r) => `Saved. Every stored day was split again (${r.rowsChanged} service-days changed).`,
});

/** A monthly budget in dollars ("20000", "20,000.50"); empty removes it. */
const budgetInput = z.object({
  budget: z
    .string()
    .trim()
    .max(30)
    .transform((raw, ctx) => {
      if (raw === "") return null;
      try {
        const micro = parseUsdToMicro(raw.replace(/[$,\s]/g, ""));
        if (micro <= 0) throw new Error("not positive");
        if (micro > 1e9 * 1e6) throw new Error("too large");
        return micro;
      } catch {
        ctx.addIssue({ code: "custom", message: "A budget is an amount in dollars above zero (e.g. 20000 or 20,000.50); leave it empty for none." });
        return z.NEVER;
      }
    }),
  reason: z.string().trim().max(500).optional(),
});

export const setBudgetAction = serverAction({
  permission: "application:edit",
  target: application,
  input: budgetInput,
  handler: async ({ input, object, principal, db }) => setMonthlyBudget(db, object.id, input.budget, principal, input.reason),
  revalidate: ({ object }) => [`/applications/${object.slug}`, `/applications/${object.slug}/settings`],
  message: (app) => (app.monthlyBudgetMicroUsd === null ? "No budget now." : `Budget saved: $${(Number(app.monthlyBudgetMicroUsd) / 1e6).toLocaleString("en-US")} a month.`),
});
