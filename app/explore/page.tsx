import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { BudgetBadge, ForecastBar } from "@/components/application/forecast-card";
import { ExploreChart } from "@/components/charts/lazy";
import { DeleteViewButton, SavedViewLink, SaveViewForm } from "@/components/explore/saved-views";
import { formatChange, formatCount, formatDay, formatPercent, formatUsd } from "@/components/format";
import { SHARED_COLOR, seriesColors } from "@/components/series-colors";
import { EmptyState, ErrorState, PageHeader } from "@/components/ui";
import { requireUser } from "@/lib/auth/guard";
import { loadAccount, loadExplore, loadSavedViews } from "@/lib/data/page-loaders";
import { tagBreakdown } from "@/lib/domain/breakdown";
import { toDay } from "@/lib/domain/day";
import type { Granularity } from "@/lib/domain/explore-periods";
import { budgetStatus } from "@/lib/domain/forecast";
import {
  breakdownOf,
  bucketValue,
  dimensionLabel,
  DIMENSIONS,
  dimensionWords,
  drillDown,
  ExploreQueryError,
  exploreSearch,
  OTHERS,
  UNSPLIT,
  parseExploreQuery,
  type ExploreQuery,
  type Filter,
  type Params,
} from "@/lib/domain/explore";

export const metadata: Metadata = { title: "Explore" };

const MEASURE_LABELS = { cost: "Cost", costPerMillion: "Cost per 1M requests", costPerUnit: "Cost per business unit" } as const;
const RANGE_LABELS = { "7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", mtd: "Month to date", "last-month": "Last month", custom: "Custom" } as const;
const COMPARE_LABELS = { none: "No comparison", previous: "Previous period", month: "Same days last month", year: "Same days last year" } as const;

function SelectField({ name, label, value, options }: { name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div className="field">
      <label htmlFor={`x-${name}`}>{label}</label>
      <select id={`x-${name}`} name={name} defaultValue={value}>
        {options.map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}

function bucketLabel(bucket: string, granularity: Granularity): string {
  if (granularity === "day") return formatDay(bucket);
  if (granularity === "week") return `wk ${formatDay(bucket)}`;
  return new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${bucket}T00:00:00Z`));
}

/** A view the query or the data cannot give, and the way back to one that can. */
function CannotShow({ message, again }: { message: string; again: string }) {
  return (
    <>
      <PageHeader title="Explore" />
      <ErrorState title="That view cannot be shown">
        <p>{message}</p>
        <Link href="/explore">{again}</Link>
      </ErrorState>
    </>
  );
}

export default async function ExplorePage({ searchParams }: { searchParams: Promise<Params> }) {
  const [account, user, params] = await Promise.all([loadAccount(), requireUser(), searchParams]);
  if (!account) return <EmptyState title="No account yet" />;
  const today = toDay(new Date());
  let query: ExploreQuery;
  try {
    query = parseExploreQuery(params, today);
  } catch (error) {
    if (!(error instanceof ExploreQueryError)) throw error;
    return <CannotShow message={error.message} again="Start again from cost by application, last 30 days" />;
  }
  let result;
  try {
    result = await loadExplore(account.id, query);
  } catch (error) {
    if (!(error instanceof ExploreQueryError)) throw error;
    return <CannotShow message={error.message} again="Start again" />;
  }
  const views = await loadSavedViews();
  const { view, labels, labelsBy } = result;
  const filterLabel = (f: Filter) => labelsBy[f.dimension === "application" || f.dimension === "service" ? f.dimension : "breakdown"][f.value] ?? f.value;
  const search = exploreSearch(query);
  const label = (key: string) => (key === OTHERS ? "Others" : (labels[key] ?? key));
  // Others and the shared pool no service took are no series of their own: the shared grey, no links to a filter.
  const pseudo = (key: string) => key === OTHERS || key === UNSPLIT;
  const keys = view.groups.map((g) => g.key).filter((k) => !pseudo(k));
  const palette =
    query.group === "application"
      ? seriesColors(result.values.application.map((a) => a.key))
      : query.group !== "service"
        ? seriesColors(result.values.breakdown)
        : seriesColors(keys.map((k) => k.split("/").slice(1).join("/")));
  const colorOf = (key: string) => (pseudo(key) ? SHARED_COLOR : ((query.group === "service" ? palette[key.split("/").slice(1).join("/")] : palette[key]) ?? "#999"));
  const drillHref = (key: string) => {
    const next = drillDown(query, key);
    return next ? `/explore${exploreSearch(next)}` : null;
  };
  const withFilters = (filters: Filter[]) => `/explore${exploreSearch(query, { filters })}`;
  const only = (key: string): Filter => ({ dimension: query.group, value: key, exclude: false });
  const exclude = (key: string): Filter => ({ dimension: query.group, value: key, exclude: true });
  const measure = MEASURE_LABELS[query.measure];
  const unit = query.measure === "costPerUnit" ? ` per ${result.unit ?? "unit"}` : "";
  const fmt = (v: number | null) => (v === null ? "–" : formatUsd(v));
  const compareLabel = view.comparisonRange ? `${COMPARE_LABELS[query.compare]} (${formatDay(view.comparisonRange.from)} – ${formatDay(view.comparisonRange.to)})` : null;
  // Nothing stored for the comparison (it is older than the history kept): say so rather than draw a line at $0.
  const comparisonEmpty = view.comparisonRange !== null && (view.total.compareCostMicroUsd ?? 0) === 0;
  const breakdown = breakdownOf(query);
  // Every account's dimensions, then its explored tags.
  const groupOptions: [string, string][] = [...DIMENSIONS, ...result.exploredTagKeys.map(tagBreakdown)].map((d) => [d, dimensionLabel(d)]);
  const dimensionWord = dimensionWords(query.group);

  return (
    <>
      <PageHeader title="Explore" subtitle={`${measure}${unit} by ${dimensionWord}, ${formatDay(query.range.from)} – ${formatDay(query.range.to, { year: true })}`} />
      <div className="stack">
        <Form action="/explore" className="card explore-controls" aria-label="What to show">
          {query.filters.map((f, i) => (
            <input key={i} type="hidden" name={f.exclude ? "x" : "f"} value={`${f.dimension}:${f.value}`} />
          ))}
          <SelectField name="measure" label="Measure" value={query.measure} options={Object.entries(MEASURE_LABELS)} />
          <SelectField name="group" label="Group by" value={query.group} options={groupOptions} />
          <SelectField name="granularity" label="Per" value={query.granularity} options={[["day", "Day"], ["week", "Week (from Monday)"], ["month", "Month"]]} />
          <SelectField name="range" label="Range" value={query.rangeKey === "custom" ? "30" : query.rangeKey} options={Object.entries(RANGE_LABELS).filter(([k]) => k !== "custom")} />
          <SelectField name="compare" label="Compare with" value={query.compare} options={Object.entries(COMPARE_LABELS)} />
          <div className="form-actions">
            <button type="submit" className="primary">
              Show
            </button>
          </div>
        </Form>
        <Form action="/explore" className="explore-custom" aria-label="Custom dates">
          {query.filters.map((f, i) => (
            <input key={i} type="hidden" name={f.exclude ? "x" : "f"} value={`${f.dimension}:${f.value}`} />
          ))}
          {(["measure", "group", "granularity", "compare"] as const).map((k) => (
            <input key={k} type="hidden" name={k} value={query[k]} />
          ))}
          <label htmlFor="x-from">Or from</label>
          <input id="x-from" name="from" type="date" defaultValue={query.range.from} max={today} required />
          <label htmlFor="x-to">to</label>
          <input id="x-to" name="to" type="date" defaultValue={query.range.to} max={today} required />
          <button type="submit">Apply</button>
        </Form>

        {query.filters.length > 0 && (
          <ul className="filter-chips" aria-label="Filters">
            {query.filters.map((f, i) => (
              <li key={i} className={f.exclude ? "chip chip-exclude" : "chip"}>
                {dimensionLabel(f.dimension)} {f.exclude ? "is not" : "is"} <strong>{filterLabel(f)}</strong>{" "}
                <Link href={withFilters(query.filters.filter((_, j) => j !== i))} aria-label={`Remove the filter ${dimensionLabel(f.dimension)} ${f.exclude ? "is not" : "is"} ${filterLabel(f)}`}>
                  ×
                </Link>
              </li>
            ))}
            <li>
              <Link href={withFilters([])}>Clear filters</Link>
            </li>
          </ul>
        )}

        <div className="card">
          <div className="card-header">
            <h2>
              {measure}
              {unit} by {dimensionWord}
            </h2>
            <div className="card-actions">
              <span className="muted">
                {query.measure === "cost" ? "USD, stacked" : "USD"}
                {compareLabel && (comparisonEmpty ? ` · no cost stored for ${compareLabel}` : ` · dashed: ${compareLabel}`)}
              </span>
              <a className="export" href={`/api/v1/explore${search ? `${search}&` : "?"}format=csv`} download>
                Export CSV
              </a>
            </div>
          </div>
          {result.forecast && (
            <p className="explore-forecast" data-testid="explore-forecast">
              Projected for {new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(new Date(`${result.forecast.month}-01T00:00:00Z`))}:{" "}
              <strong className="num">{formatUsd(result.forecast.projectedMicroUsd, { whole: true })}</strong>, likely {formatUsd(result.forecast.lowMicroUsd, { whole: true })}–
              {formatUsd(result.forecast.highMicroUsd, { whole: true })} ({formatUsd(result.forecast.toDateMicroUsd, { whole: true })} so far, {result.forecast.daysLeft}{" "}
              {result.forecast.daysLeft === 1 ? "day" : "days"} left {result.forecast.by === "cost-explorer" ? "as Cost Explorer forecasts them" : `at ${formatUsd(result.forecast.ratePerDayMicroUsd, { whole: true })} a day`})
            </p>
          )}
          {result.forecast && result.budgetMicroUsd !== null && (
            <div className="explore-budget">
              <BudgetBadge forecast={result.forecast} budgetMicroUsd={result.budgetMicroUsd} status={budgetStatus(result.forecast.projectedMicroUsd, result.budgetMicroUsd)} />
              <ForecastBar forecast={result.forecast} budgetMicroUsd={result.budgetMicroUsd} />
            </div>
          )}
          {view.groups.length === 0 ? (
            <p className="muted">
              {breakdown && result.breakdownDays === 0
                ? `No cost by ${dimensionWords(breakdown)} in this range yet: the next sync reads it (on AWS, one Cost Explorer query more per rule key).`
                : "No cost in this range for these filters."}
            </p>
          ) : (
            <ExploreChart
              buckets={view.buckets}
              bucketLabels={view.buckets.map((b) => bucketLabel(b, query.granularity))}
              groups={view.groups.map((g) => ({ key: g.key, label: label(g.key), color: colorOf(g.key), values: view.buckets.map((b, i) => bucketValue(query, g, i, result.units, b)), href: drillHref(g.key) }))}
              comparison={compareLabel && !comparisonEmpty && query.measure === "cost" ? { label: compareLabel, values: view.compareSeries } : null}
              stacked={query.measure === "cost"}
              label={`${measure}${unit} by ${dimensionWord} per ${query.granularity}`}
            />
          )}
        </div>

        {view.groups.length > 0 && (
          <div className="card">
            <div className="card-header">
              <h2>By {dimensionWord}</h2>
              <span className="muted">top 10 by cost, the rest as others; click a name to look inside it</span>
            </div>
            <div className="table-wrap" tabIndex={0}>
              <table role="table" className="data-table cards-on-phone" data-testid="explore-table">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">{dimensionLabel(query.group)}</th>
                    <th role="columnheader" scope="col" className="right">
                      {measure}
                      {unit}
                    </th>
                    {view.comparisonRange && (
                      <>
                        <th role="columnheader" scope="col" className="right">
                          {COMPARE_LABELS[query.compare]}
                        </th>
                        <th role="columnheader" scope="col" className="right">
                          Change
                        </th>
                      </>
                    )}
                    {query.measure !== "cost" && (
                      <th role="columnheader" scope="col" className="right">
                        Cost
                      </th>
                    )}
                    {query.measure === "costPerMillion" && (
                      <th role="columnheader" scope="col" className="right">
                        Requests
                      </th>
                    )}
                    <th role="columnheader" scope="col" className="right">
                      Share of cost
                    </th>
                    <th role="columnheader" scope="col">
                      <span className="visually-hidden">Filter</span>
                    </th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {[...view.groups, view.total].map((g) => {
                    const isTotal = g === view.total;
                    const href = isTotal ? null : drillHref(g.key);
                    return (
                      <tr role="row" key={isTotal ? "__total" : g.key} className={isTotal ? "total-row" : undefined}>
                        <th role="rowheader" scope="row" className="row-head">
                          <span className="cell-text">
                            {!isTotal && <span className="swatch" style={{ background: colorOf(g.key) }} />}
                            {isTotal ? <strong>Total</strong> : href ? <Link href={href}>{label(g.key)}</Link> : label(g.key)}
                          </span>
                        </th>
                        <td role="cell" className="right num" data-label={`${measure}${unit}`}>{fmt(g.value)}</td>
                        {view.comparisonRange && (
                          <>
                            <td role="cell" className="right num" data-label={COMPARE_LABELS[query.compare]}>{fmt(g.compareValue)}</td>
                            <td role="cell" className="right num" data-label="Change">{g.change === null ? <span className="muted">–</span> : formatChange(g.change)}</td>
                          </>
                        )}
                        {query.measure !== "cost" && <td role="cell" className="right num" data-label="Cost">{formatUsd(g.totalCostMicroUsd)}</td>}
                        {query.measure === "costPerMillion" && <td role="cell" className="right num" data-label="Requests">{formatCount(g.totalRequests)}</td>}
                        <td role="cell" className="right num" data-label="Share of cost">{formatPercent(g.share)}</td>
                        <td role="cell">
                          {!isTotal && !pseudo(g.key) && (
                            <span className="row-links">
                              <Link href={withFilters([...query.filters.filter((f) => f.dimension !== query.group || f.exclude), only(g.key)])} aria-label={`Only ${label(g.key)}`}>
                                only
                              </Link>{" "}
                              <Link href={withFilters([...query.filters, exclude(g.key)])} aria-label={`Exclude ${label(g.key)}`}>
                                exclude
                              </Link>
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="faint">
              {view.daysWithData} of {view.buckets.length && query.granularity === "day" ? view.buckets.length : Math.round((Date.parse(query.range.to) - Date.parse(query.range.from)) / 86_400_000) + 1} days have cost.
              {breakdown && ` Cost by ${dimensionWords(breakdown)} comes from Cost Explorer (${breakdown === "awsService" ? "the SERVICE dimension" : breakdown === "region" ? "the REGION dimension" : breakdown === "account" ? "the LINKED_ACCOUNT dimension" : "the tag, as a cost allocation tag"}), per application.`}
            </p>
          </div>
        )}

        <div className="card">
          <div className="card-header">
            <h2>Saved views</h2>
            <span className="muted">a view is its link; saved ones are listed for everyone</span>
          </div>
          {views.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul className="saved-views">
              {views.map((v) => (
                <li key={v.id}>
                  <SavedViewLink name={v.name} search={v.search} owner={v.ownerEmail} />
                  {(v.ownerId === user.userId || user.role === "admin") && <DeleteViewButton viewId={v.id} name={v.name} />}
                </li>
              ))}
            </ul>
          )}
          <SaveViewForm search={search} />
        </div>
      </div>
    </>
  );
}
