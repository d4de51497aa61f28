"use client";

import { useActionState, useState } from "react";
import { deleteMetricAction, saveMetricAction } from "@/app/applications/[slug]/metrics/actions";
import { FieldError, FormStatus } from "../forms/form-status";
import { countOf } from "../format";

export interface MetricFormValues {
  metricId: number | null;
  name: string;
  unit: string;
  aggregation: "sum" | "mean";
  origin: "cloudwatch" | "push";
  namespace: string;
  metricName: string;
  dimensions: string;
  stat: string;
  revenuePerUnitUsd: string;
}

export const EMPTY_METRIC: MetricFormValues = { metricId: null, name: "", unit: "", aggregation: "sum", origin: "push", namespace: "", metricName: "", dimensions: "", stat: "Sum", revenuePerUnitUsd: "" };

/** Declares or changes a business metric; the CloudWatch fields appear for a CloudWatch metric. */
export function MetricForm({ applicationId, values }: { applicationId: number; values: MetricFormValues }) {
  const [state, dispatch, pending] = useActionState(saveMetricAction, null);
  const [origin, setOrigin] = useState(values.origin);
  const id = (field: string) => `${field}-${values.metricId ?? "new"}`;
  return (
    <form action={dispatch} aria-label={values.metricId ? `Edit ${values.name}` : "Add a business metric"} className="stack">
      <input type="hidden" name="applicationId" value={applicationId} />
      <input type="hidden" name="metricId" value={values.metricId ?? ""} />
      <div className="inline-form">
        <div className="field">
          <label htmlFor={id("name")}>Name</label>
          <input id={id("name")} name="name" defaultValue={values.name} placeholder="orders" required />
          <FieldError state={state} name="name" />
        </div>
        <div className="field">
          <label htmlFor={id("unit")}>Unit</label>
          <input id={id("unit")} name="unit" defaultValue={values.unit} placeholder="orders" required size={10} />
          <FieldError state={state} name="unit" />
        </div>
        <div className="field">
          <label htmlFor={id("aggregation")}>Over several days</label>
          <select id={id("aggregation")} name="aggregation" defaultValue={values.aggregation}>
            <option value="sum">add up (orders, GB)</option>
            <option value="mean">average (active users)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id("revenue")}>Revenue per unit, USD</label>
          <input id={id("revenue")} name="revenuePerUnitUsd" type="number" step="any" min="0" defaultValue={values.revenuePerUnitUsd} placeholder="optional" size={10} />
          <FieldError state={state} name="revenuePerUnitUsd" />
        </div>
      </div>
      <fieldset className="inline-form" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Points come from</legend>
        <label htmlFor={id("push")} style={{ fontWeight: 400 }}>
          <input id={id("push")} type="radio" name="origin" value="push" checked={origin === "push"} onChange={() => setOrigin("push")} /> the API and CSV uploads
        </label>
        <label htmlFor={id("cw")} style={{ fontWeight: 400 }}>
          <input id={id("cw")} type="radio" name="origin" value="cloudwatch" checked={origin === "cloudwatch"} onChange={() => setOrigin("cloudwatch")} /> a CloudWatch metric, read by the sync
        </label>
      </fieldset>
      {origin === "cloudwatch" && (
        <div className="inline-form">
          <div className="field">
            <label htmlFor={id("namespace")}>Namespace</label>
            <input id={id("namespace")} name="namespace" defaultValue={values.namespace} placeholder="WebShop" />
            <FieldError state={state} name="namespace" />
          </div>
          <div className="field">
            <label htmlFor={id("metricName")}>Metric name</label>
            <input id={id("metricName")} name="metricName" defaultValue={values.metricName} placeholder="OrdersPlaced" />
            <FieldError state={state} name="metricName" />
          </div>
          <div className="field">
            <label htmlFor={id("dimensions")}>Dimensions</label>
            <input id={id("dimensions")} name="dimensions" defaultValue={values.dimensions} placeholder="Stage=prod, Region=eu" size={26} />
            <FieldError state={state} name="dimensions" />
          </div>
          <div className="field">
            <label htmlFor={id("stat")}>Statistic</label>
            <select id={id("stat")} name="stat" defaultValue={values.stat}>
              {["Sum", "Average", "Maximum", "Minimum", "SampleCount"].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div className="inline-form">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Saving…" : values.metricId ? "Save changes" : "Add metric"}
        </button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}

export function DeleteMetricButton({ applicationId, metricId, name, points }: { applicationId: number; metricId: number; name: string; points: number }) {
  const [state, dispatch, pending] = useActionState(deleteMetricAction, null);
  return (
    <form
      action={dispatch}
      onSubmit={(e) => {
        if (!window.confirm(`Delete ${name} and its ${countOf(points, "point")}? This cannot be undone.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="applicationId" value={applicationId} />
      <input type="hidden" name="metricId" value={metricId} />
      <button type="submit" disabled={pending} aria-label={`Delete ${name}`}>
        Delete
      </button>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}
