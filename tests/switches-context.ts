// What the switch and limit suites share: a demo account with 40 days of history, its features
// and limits, and every switch back on before each test.
import { seedDemoLimits } from "../lib/jobs/seed-demo-switches";
import { createAppContext, type AppContext } from "./app-context";

export async function createSwitchesContext(): Promise<AppContext> {
  const ctx = await createAppContext({ days: 40 });
  await seedDemoLimits(ctx.db, ctx.accountId);
  return ctx;
}

/** Every switch on, no approvals asked, no proposals, the applications' policies at their defaults. */
export async function resetSwitches(ctx: AppContext): Promise<void> {
  await ctx.db.feature.updateMany({ data: { state: "on", throttlePercent: null, cellStates: {} } });
  await ctx.db.switchChange.deleteMany();
  await ctx.db.changeRequest.deleteMany();
  await ctx.db.proposal.deleteMany();
  await ctx.db.application.updateMany({ data: { requireApproval: false, autoApplyFromTier: null, cooldownMinutes: 60, restoreMarginPercent: 10 } });
}

/** A server action's form, as the browser would post it: null as an empty field. */
export function form(fields: Record<string, string | number | null>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v === null ? "" : String(v));
  return f;
}
