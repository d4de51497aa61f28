import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { formatRange } from "@/components/format";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { seriesColors } from "@/components/series-colors";
import { OperationsCard } from "@/components/service/operations-card";
import { ResourcesCard } from "@/components/service/resources-card";
import { ServiceCharts, ServiceHistory, ServiceKpis } from "@/components/service/service-cards";
import { CardSkeleton, ErrorState, KpiSkeletons, PageHeader, TableSkeleton } from "@/components/ui";
import { requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadEconomics, loadService } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string; service: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, service } = await params;
  return { title: `${decodeURIComponent(service)} · ${slug}` };
}

export default async function ServicePage({ params, searchParams }: Props) {
  const [{ slug, service: rawName }, range, account] = await Promise.all([params, readRange(searchParams), loadAccount(), requireUser()]);
  if (!account) notFound();
  const app = await loadApplication(account.id, slug);
  if (!app) notFound();
  const service = await loadService(app.id, decodeURIComponent(rawName));
  if (!service) notFound();
  const crumbs = (
    <>
      <Link href={range.ok ? `/${range.query}` : "/"}>Applications</Link> / <Link href={`/applications/${app.slug}${range.ok ? range.query : ""}`}>{app.name}</Link> /
    </>
  );
  if (!range.ok) {
    return (
      <>
        <PageHeader title={service.name} breadcrumbs={crumbs}>
          <RangePicker pathname={`/applications/${app.slug}/services/${encodeURIComponent(service.name)}`} range={range.fallback} preset={null} today={range.today} />
        </PageHeader>
        <ErrorState title="That date range cannot be shown">
          <p>{range.error}</p>
          <Link href={`/applications/${app.slug}/services/${encodeURIComponent(service.name)}`}>Show the last 30 days</Link>
        </ErrorState>
      </>
    );
  }
  // The service keeps the colour it has on its application's charts.
  const economics = await loadEconomics(account.id, app.id, range.range.from, range.range.to, range.today);
  const color = seriesColors(economics.services.map((s) => s.name))[service.name] ?? "#0072B2";
  const props = { accountId: account.id, app, service, range: range.range, today: range.today, color };
  return (
    <>
      <PageHeader title={service.name} subtitle={`A service of ${app.name} · ${formatRange(range.range)}`} breadcrumbs={crumbs}>
        <RangePicker pathname={`/applications/${app.slug}/services/${encodeURIComponent(service.name)}`} range={range.range} preset={range.preset} today={range.today} />
      </PageHeader>
      <div className="stack">
        <Suspense fallback={<KpiSkeletons count={6} />}>
          <ServiceKpis {...props} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Daily cost and requests" />}>
          <ServiceCharts {...props} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Cost per operation" rows={3} />}>
          <OperationsCard service={service} range={range.range} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Resources" rows={4} />}>
          <ResourcesCard accountId={account.id} demo={account.source === "demo"} app={app} service={service} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Day by day" rows={8} />}>
          <ServiceHistory {...props} />
        </Suspense>
      </div>
    </>
  );
}
