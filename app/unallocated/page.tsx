import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { formatRange } from "@/components/format";
import { RangePicker } from "@/components/range-picker";
import { readRange, type SearchParams } from "@/components/range-params";
import { UnallocatedHealth, UnallocatedResources, UnallocatedSummary } from "@/components/unallocated/unallocated-cards";
import { CardSkeleton, ErrorState, PageHeader, TableSkeleton } from "@/components/ui";
import { loadAccount } from "@/lib/data/page-loaders";

export const metadata: Metadata = { title: "Unallocated cost" };

export default async function UnallocatedPage({ searchParams }: { searchParams: SearchParams }) {
  const [account, range] = await Promise.all([loadAccount(), readRange(searchParams)]);
  if (!account) notFound();
  if (!range.ok) {
    return (
      <>
        <PageHeader title="Unallocated cost">
          <RangePicker pathname="/unallocated" range={range.fallback} preset={null} today={range.today} />
        </PageHeader>
        <ErrorState title="That date range cannot be shown">
          <p>{range.error}</p>
          <Link href="/unallocated">Show the last 30 days</Link>
        </ErrorState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Unallocated cost" subtitle={`Cost that matches no application's tag rules, ${formatRange(range.range)}`}>
        <RangePicker pathname="/unallocated" range={range.range} preset={range.preset} today={range.today} />
      </PageHeader>
      <div className="stack">
        <Suspense fallback={<CardSkeleton title="Unallocated cost per day" />}>
          <UnallocatedSummary accountId={account.id} range={range.range} />
        </Suspense>
        <Suspense fallback={<TableSkeleton title="Resources that match no rule" />}>
          <UnallocatedResources accountId={account.id} demo={account.source === "demo"} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Does the cost add up?" height={40} />}>
          <UnallocatedHealth accountId={account.id} from={range.range.from} to={range.range.to} aws={account.source === "aws"} />
        </Suspense>
      </div>
    </>
  );
}
