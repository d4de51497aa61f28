"use client";

// The charts, loaded after the page: Recharts is most of a chart page's JavaScript, and
// the numbers (KPIs, tables) are rendered on the server and readable before it arrives.
// Each placeholder keeps the chart's height, so nothing moves when it appears.
import dynamic from "next/dynamic";

const placeholder = () => <div className="chart chart-loading" aria-busy="true" aria-label="Loading the chart" role="img" />;

export const DailyCostChart = dynamic(() => import("./daily-cost-chart").then((m) => m.DailyCostChart), { ssr: false, loading: placeholder });
export const CostRequestsChart = dynamic(() => import("./cost-requests-chart").then((m) => m.CostRequestsChart), { ssr: false, loading: placeholder });
export const MultiLineChart = dynamic(() => import("./line-chart").then((m) => m.MultiLineChart), { ssr: false, loading: placeholder });
export const UnitCostChart = dynamic(() => import("./unit-cost-chart").then((m) => m.UnitCostChart), { ssr: false, loading: placeholder });
export const CoverageChart = dynamic(() => import("./coverage-chart").then((m) => m.CoverageChart), { ssr: false, loading: placeholder });
export const LatencyThroughputChart = dynamic(() => import("../overload/latency-chart").then((m) => m.LatencyThroughputChart), { ssr: false, loading: placeholder });
export const AnomalySparkline = dynamic(() => import("../anomalies/anomaly-sparkline").then((m) => m.AnomalySparkline), { ssr: false, loading: () => <div className="anomaly-spark chart-loading" aria-busy="true" aria-label="Loading the chart" role="img" /> });
export const ExploreChart = dynamic(() => import("../explore/explore-chart").then((m) => m.ExploreChart), { ssr: false, loading: placeholder });
