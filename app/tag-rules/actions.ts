"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { requireAccountId } from "@/lib/data/account-id";
import { addTagRule, deleteTagRule, moveTagRule, tagKeySchema, tagValueSchema } from "@/lib/data/tag-rules";
import { ConflictError } from "@/lib/errors";
import { env } from "@/lib/env";
import { requestSync, runManualSync, waitForRequest } from "@/lib/jobs/job-requests";
import { announceRequest } from "@/lib/jobs/request-events";
import type { SyncResult } from "@/lib/jobs/sync";

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
  handler: async ({ db, principal }) => {
    const accountId = await requireAccountId(db);
    let run: SyncResult;
    if (env.FRUGAL_PROCESS === "dashboard") {
      // Under npm start the worker runs it: this process only waits for the outcome.
      const id = await requestSync(db, accountId, principal.email);
      announceRequest();
      const outcome = await waitForRequest(db, id);
      if (outcome.status !== "done") throw new ConflictError(outcome.error);
      run = outcome.result;
    } else {
      // next dev and the tests: the scheduler lives in this process, so does the job.
      run = await runManualSync(db, accountId);
    }
    if (run.status === "failed") throw new ConflictError(`The sync failed: ${run.error}`);
    return run;
  },
  revalidate: () => ["/", "/tag-rules", "/unallocated"],
  message: (run) => (run.status === "succeeded" ? `Synced in ${(run.durationMs / 1000).toFixed(1)} s: ${run.stats.updated + run.stats.inserted} rows changed.` : ""),
});
