"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { requireAccountId } from "@/lib/data/account-id";
import { addTagRule, deleteTagRule, moveTagRule, tagKeySchema, tagValueSchema } from "@/lib/data/tag-rules";
import { ConflictError } from "@/lib/errors";
import { syncAccount } from "@/lib/jobs/sync-account";

const revalidate = () => ["/tag-rules", "/", "/unallocated"];

export const addRule = serverAction({
  permission: "tagRule:edit",
  input: z.object({ applicationId: z.coerce.number().int().positive("Pick an application."), key: tagKeySchema, value: tagValueSchema }),
  handler: async ({ input, principal, db }) => addTagRule(db, await requireAccountId(db), input, principal),
  revalidate,
  message: (rule) => `Added rule ${rule.key}=${rule.value} for ${rule.application.name}. It applies from the next sync.`,
});

export const deleteRule = serverAction({
  permission: "tagRule:edit",
  input: z.object({ ruleId: z.coerce.number().int() }),
  handler: async ({ input, principal, db }) => deleteTagRule(db, await requireAccountId(db), input.ruleId, principal),
  revalidate,
  message: () => "Rule removed. It applies from the next sync.",
});

export const moveRule = serverAction({
  permission: "tagRule:edit",
  input: z.object({ ruleId: z.coerce.number().int(), direction: z.enum(["up", "down"]) }),
  handler: async ({ input, principal, db }) => moveTagRule(db, await requireAccountId(db), input.ruleId, input.direction, principal),
  revalidate,
});

export const syncNow = serverAction({
  permission: "sync:run",
  input: z.object({}),
  handler: async ({ db }) => {
    const result = await syncAccount(db, await requireAccountId(db), { trigger: "manual" });
    if (!result.acquired) throw new ConflictError("A sync is running already; its results will show when it ends.");
    if (result.value.status === "failed") throw new ConflictError(`The sync failed: ${result.value.error}`);
    return result.value;
  },
  revalidate: () => ["/", "/tag-rules", "/unallocated"],
  message: (run) => (run.status === "succeeded" ? `Synced in ${(run.durationMs / 1000).toFixed(1)} s: ${run.stats.updated + run.stats.inserted} rows changed.` : ""),
});
