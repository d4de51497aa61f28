// What the switch and limit suites share: a demo account with 40 days of history, its features
// and limits, and every switch back on before each test.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { seedDemoLimits } from "../lib/jobs/seed-demo-switches";
import { createAppContext, type AppContext } from "./app-context";

// Set before the suite's tests by switchesPerSuite (live bindings: importers see them once set).
export let ctx: AppContext;
export let storefront: number;

/** The calling suite's account, made once before its tests; before each, every switch is back on, with no approvals asked and no proposals. */
export function switchesPerSuite(): void {
  beforeAll(async () => {
    ctx = await createAppContext({ days: 40 });
    storefront = ctx.apps.storefront!.id;
    await seedDemoLimits(ctx.db, ctx.accountId);
  });
  afterAll(async () => ctx.close());
  beforeEach(async () => {
    await ctx.db.feature.updateMany({ data: { state: "on", throttlePercent: null, cellStates: {} } });
    await ctx.db.switchChange.deleteMany();
    await ctx.db.changeRequest.deleteMany();
    await ctx.db.proposal.deleteMany();
    await ctx.db.application.updateMany({ data: { requireApproval: false, autoApplyFromTier: null, cooldownMinutes: 60, restoreMarginPercent: 10 } });
  });
}

export const feature = (key: string, app = "storefront") => ctx.db.feature.findFirstOrThrow({ where: { applicationId: ctx.apps[app]!.id, key } });
/** The audit log's events of one action, newest first. */
export const audit = (action: string) => ctx.db.auditEvent.findMany({ where: { action }, orderBy: { id: "desc" } });

/** A server action's form, as the browser would post it: null as an empty field. */
export function form(fields: Record<string, string | number | null>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v === null ? "" : String(v));
  return f;
}
