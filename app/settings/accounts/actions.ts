"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { requireAccountId } from "@/lib/data/account-id";
import { countOf } from "@/lib/domain/format";
import { addCheckedAwsAccount, awsAccountInput, removeAwsAccount, testAwsAccount } from "@/lib/data/aws-accounts";
import { exploredTagKeysInput, setExploredTagKeys } from "@/lib/data/explored-tags";
import { deleteTagBudget, setTagBudget, tagBudgetInput } from "@/lib/data/tag-budgets";

const id = z.object({ id: z.coerce.number().int().positive() });
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const addAwsAccountAction = serverAction({
  permission: "settings:edit",
  input: awsAccountInput.extend({ readsCost: checkbox, readsResources: checkbox }),
  handler: async ({ input, principal, db }) => addCheckedAwsAccount(db, await requireAccountId(db), input, principal),
  revalidate: () => ["/settings/accounts"],
  message: (a) => `Added ${a.name}. Test its connection before the next sync reads it.`,
});

export const testAwsAccountAction = serverAction({
  permission: "settings:edit",
  input: id,
  handler: async ({ input, principal, db }) => testAwsAccount(db, await requireAccountId(db), input.id, principal),
  revalidate: () => ["/settings/accounts"],
  message: (r) => (r.ok ? `${r.account}: every permission Frugal needs is there.` : `${r.account}: ${countOf(r.checks.filter((c) => !c.ok).length, "permission")} missing.`),
});

export const removeAwsAccountAction = serverAction({
  permission: "settings:edit",
  input: id,
  handler: async ({ input, principal, db }) => removeAwsAccount(db, await requireAccountId(db), input.id, principal),
  revalidate: () => ["/settings/accounts"],
  message: (r) => `Removed ${r.name}; its history stays, and its resources are marked gone at the next sync.`,
});

export const setExploredTagKeysAction = serverAction({
  permission: "settings:edit",
  input: exploredTagKeysInput,
  handler: async ({ input, principal, db }) => setExploredTagKeys(db, await requireAccountId(db), input.keys, principal),
  revalidate: () => ["/settings/accounts", "/explore"],
  message: (r) =>
    r.added.length === 0 && r.removed.length === 0
      ? "Nothing changed."
      : [r.added.length ? `Exploring ${r.added.join(", ")}: the next sync reads its cost for the days kept.` : "", r.removed.length ? `No longer exploring ${r.removed.join(", ")}.` : ""].filter(Boolean).join(" "),
});

/** What the form hears back (no BigInt crosses to the browser). */
const budgetSaid = (b: { tagKey: string; tagValue: string; monthlyBudgetMicroUsd: bigint }) => ({ tagKey: b.tagKey, tagValue: b.tagValue, monthlyBudgetUsd: Number(b.monthlyBudgetMicroUsd) / 1e6 });

export const setTagBudgetAction = serverAction({
  permission: "settings:edit",
  input: tagBudgetInput,
  handler: async ({ input, principal, db }) => budgetSaid(await setTagBudget(db, await requireAccountId(db), input, principal)),
  revalidate: () => ["/settings/accounts", "/explore"],
  message: (b) => `Budget for ${b.tagKey} = ${b.tagValue}: $${b.monthlyBudgetUsd.toLocaleString("en-US")} a month.`,
});

export const deleteTagBudgetAction = serverAction({
  permission: "settings:edit",
  input: id,
  handler: async ({ input, principal, db }) => budgetSaid(await deleteTagBudget(db, await requireAccountId(db), input.id, principal)),
  revalidate: () => ["/settings/accounts", "/explore"],
  message: (b) => `Removed the budget for ${b.tagKey} = ${b.tagValue}.`,
});
