import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ApplicationKpis } from "@/components/application/application-kpis";
import { DailyCostByService } from "@/components/application/daily-cost-by-service";
import { ServicesTable } from "@/components/application/services-table";
import { formatRange } from "@/components/format";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { CardSkeleton, ErrorState, KpiSkeletons, PageHeader, TableSkeleton } from "@/components/ui";
import { ApplicationNav } from "@/components/application/application-nav";
import { requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string }>; searchParams: SearchParams };

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
        <PageHeader title={app.name} breadcrumbs={back} />
        <ErrorState title="That date range cannot be shown">
          <p>{range.error}</p>
          <Link href={`/applications/${app.slug}`}>Show the last 30 days</Link>
        </ErrorState>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={app.name}
        subtitle={`${app.description ?? ""} · ${formatRange(range.range)}`}
        breadcrumbs={<>{back} /</>}
      >
        <RangePicker pathname={`/applications/${app.slug}`} range={range.range} preset={range.preset} today={range.today} />
      </PageHeader>
      <ApplicationNav user={user} app={app} query={range.query} />
      <div className="stack">
        <Suspense fallback={<KpiSkeletons />}>
          <ApplicationKpis accountId={account.id} slug={app.slug} range={range.range} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Daily cost by service" />}>
          <DailyCostByService applicationId={app.id} range={range.range} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Services" rows={6} />}>
          <ServicesTable accountId={account.id} slug={app.slug} range={range.range} />
        </Suspense>
      </div>
    </>
  );
}
