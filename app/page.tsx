import Link from "next/link";
import { Suspense } from "react";
import { ApplicationsTable } from "@/components/overview/applications-table";
import { DailyCostByApplication } from "@/components/overview/daily-cost-by-application";
import { OverviewKpis } from "@/components/overview/overview-kpis";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { formatRange } from "@/components/format";
import { CardSkeleton, EmptyState, ErrorState, KpiSkeletons, PageHeader, TableSkeleton } from "@/components/ui";
import { OwnCostLine } from "@/components/overview/own-cost-line";
import { StaleBannerCard } from "@/components/stale-banner-card";
import { can, requireUser } from "@/lib/auth/guard";
import { loadAccount } from "@/lib/data/page-loaders";

export default async function ApplicationsPage({ searchParams }: { searchParams: SearchParams }) {
  const [account, params, user] = await Promise.all([loadAccount(), readRange(searchParams), requireUser()]);
  if (!account) {
    return (
      <EmptyState title="No account yet">
        <p>
          Run <code>npm start</code> (or <code>npm run frugal -- setup</code>) to create the demo account.
        </p>
      </EmptyState>
    );
  }
  if (!params.ok) {
    return (
      <>
        <PageHeader title="Applications">
          <RangePicker pathname="/" range={params.fallback} preset={null} today={params.today} />
        </PageHeader>
        <ErrorState title="That date range cannot be shown">
          <p>{params.error}</p>
          <Link href="/">Show the last 30 days</Link>
        </ErrorState>
      </>
    );
  }
  const { range } = params;
  return (
    <>
      <PageHeader title="Applications" subtitle={`Cost by application, ${formatRange(range)}`}>
        <RangePicker pathname="/" range={range} preset={params.preset} today={params.today} />
      </PageHeader>
      <div className="stack">
        <Suspense fallback={null}>
          <StaleBannerCard accountId={account.id} from={range.from} to={range.to} />
        </Suspense>
        <Suspense fallback={<KpiSkeletons />}>
          <OverviewKpis accountId={account.id} range={range} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Applications" rows={3} />}>
          <ApplicationsTable accountId={account.id} range={range} query={params.query} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Daily cost by application" />}>
          <DailyCostByApplication accountId={account.id} range={range} />
        </Suspense>
        <Suspense fallback={null}>
          <OwnCostLine accountId={account.id} demo={account.source === "demo"} linkToSettings={can(user, "settings:edit")} />
        </Suspense>
      </div>
    </>
  );
}
