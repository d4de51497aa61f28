import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AnomaliesCard } from "@/components/anomalies/anomalies-card";
import { ApplicationNav } from "@/components/application/application-nav";
import { CostCharts } from "@/components/application/cost-charts";
import { EconomicsKpis } from "@/components/application/economics-kpis";
import { ForecastCard } from "@/components/application/forecast-card";
import { ServicesCard } from "@/components/application/services-card";
import { TopMovers } from "@/components/application/top-movers";
import { formatRange } from "@/components/format";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { CardSkeleton, ErrorState, KpiSkeletons, PageHeader, TableSkeleton } from "@/components/ui";
import { requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string }>; searchParams: SearchParams };

const ALLOCATION_TEXT: Record<string, string> = { requests: "by requests", even: "evenly", weights: "by fixed weights" };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const account = await loadAccount();
  const app = account && (await loadApplication(account.id, slug));
  return { title: app?.name ?? "Application" };
}

export default async function ApplicationPage({ params, searchParams }: Props) {
  const [{ slug }, range, account, user] = await Promise.all([params, readRange(searchParams), loadAccount(), requireUser()]);
  if (!account) notFound();
  const app = await loadApplication(account.id, slug);
  if (!app) notFound();
  const back = <Link href={range.ok ? `/${range.query}` : "/"}>Applications</Link>;
  if (!range.ok) {
    return (
      <>
        <PageHeader title={app.name} breadcrumbs={back}>
          <RangePicker pathname={`/applications/${app.slug}`} range={range.fallback} preset={null} today={range.today} />
        </PageHeader>
        <ErrorState title="That date range cannot be shown">
          <p>{range.error}</p>
          <Link href={`/applications/${app.slug}`}>Show the last 30 days</Link>
        </ErrorState>
      </>
    );
  }
  const props = { accountId: account.id, app, range: range.range, today: range.today };
  return (
    <>
      <PageHeader title={app.name} subtitle={`${app.description ?? ""} · ${formatRange(range.range)}`} breadcrumbs={<>{back} /</>}>
        <RangePicker pathname={`/applications/${app.slug}`} range={range.range} preset={range.preset} today={range.today} />
      </PageHeader>
      <ApplicationNav user={user} app={app} query={range.query} />
      <div className="stack">
        <Suspense fallback={<KpiSkeletons />}>
          <EconomicsKpis {...props} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Projection" height={90} />}>
          <ForecastCard app={app} today={range.today} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Cost anomalies" height={120} />}>
          <AnomaliesCard accountId={account.id} app={app} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Daily cost by service, and requests" />}>
          <CostCharts {...props} allocation={ALLOCATION_TEXT[app.allocationStrategy] ?? "by requests"} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Top movers" height={120} />}>
          <TopMovers {...props} query={range.query} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Services" rows={6} />}>
          <ServicesCard {...props} query={range.query} />
        </Suspense>
      </div>
    </>
  );
}
