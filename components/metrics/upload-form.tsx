"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { importUploadAction, previewUploadAction, saveMetricAction, undoUploadAction } from "@/app/applications/[slug]/metrics/actions";
import type { ActionState } from "@/lib/auth/server-action";
import type { UploadPreview, UploadResult } from "@/lib/data/metric-upload";
import { countOf, formatCount } from "../format";
import { FormStatus } from "../forms/form-status";

function form(applicationId: number, file?: File): FormData {
  const data = new FormData();
  data.set("applicationId", String(applicationId));
  if (file) data.set("file", file);
  return data;
}

interface UploadFormProps {
  applicationId: number;
  /** The application's metrics and where their points come from. */
  metrics: { name: string; origin: "push" | "cloudwatch" }[];
  /** May declare metrics (engineers, owners, admins). */
  canDeclare: boolean;
}

const list = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
const rowCount = (n: number) => countOf(n, "row");

/** A narrow column breaks an ISO timestamp between its day and its time, not inside the day. */
function timestamp(text: string) {
  const t = text.indexOf("T");
  return t > 0 ? (
    <>
      {text.slice(0, t)}
      <wbr />
      {text.slice(t)}
    </>
  ) : (
    text
  );
}

/** Which metrics take uploads, before anyone picks a file. */
function UploadTargets({ metrics }: { metrics: UploadFormProps["metrics"] }) {
  const pushed = metrics.filter((m) => m.origin === "push").map((m) => m.name);
  const read = metrics.filter((m) => m.origin === "cloudwatch").map((m) => m.name);
  return (
    <p className="muted" data-testid="upload-targets">
      {pushed.length > 0 ? (
        <>
          Uploads go to the metrics declared for pushing: <strong>{list(pushed)}</strong>.
        </>
      ) : (
        <>No metric of this application takes uploads yet: declare one as pushed (above), or from your file&apos;s metric names once you pick it.</>
      )}
      {read.length > 0 && <> {list(read)} {read.length === 1 ? "is" : "are"} read from CloudWatch by the sync, so rows for {read.length === 1 ? "it" : "them"} are refused.</>}
    </p>
  );
}

/** Declares a metric the file names, as pushed, then reads the file again. */
function DeclareFromFile({ applicationId, name, rows, onDeclared }: { applicationId: number; name: string; rows: number; onDeclared: () => void }) {
  const [state, setState] = useState<ActionState<unknown>>(null);
  const [pending, start] = useTransition();
  const unitId = useId();
  const aggregationId = useId();
  return (
    <form
      className="declare-from-file"
      aria-label={`Declare ${name}`}
      action={(data) =>
        start(async () => {
          data.set("applicationId", String(applicationId));
          for (const [k, v] of Object.entries({ metricId: "", name, origin: "push", revenuePerUnitUsd: "" })) data.set(k, v);
          const outcome = await saveMetricAction(null, data);
          setState(outcome);
          if (outcome?.ok) onDeclared();
        })
      }
    >
      <p>
        <strong>{name}</strong> ({rowCount(rows)}) is not declared. Declare it as a pushed metric and the file is read again:
      </p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={unitId}>Unit</label>
          <input id={unitId} name="unit" required maxLength={40} placeholder="e.g. GB" size={10} />
        </div>
        <div className="field">
          <label htmlFor={aggregationId}>A day is the</label>
          <select id={aggregationId} name="aggregation" defaultValue="sum">
            <option value="sum">sum of its points (orders, GB)</option>
            <option value="mean">mean of its points (active users)</option>
          </select>
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Declaring…" : `Declare ${name}`}
        </button>
      </div>
      {state && !state.ok && <FormStatus state={state} />}
    </form>
  );
}

/** Choose a file, see what it holds and what is wrong with it, then import the good rows. */
export function UploadForm({ applicationId, metrics, canDeclare }: UploadFormProps) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ActionState<UploadPreview>>(null);
  const [result, setResult] = useState<ActionState<UploadResult>>(null);
  const [pending, start] = useTransition();
  const router = useRouter();

  const read = (chosen: File) => start(async () => setPreview(await previewUploadAction(null, form(applicationId, chosen))));
  const choose = (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    setPreview(null);
    if (chosen) read(chosen);
  };
  const data = preview?.ok ? preview.data : null;
  const imported = result?.ok === true;
  return (
    <div className="stack">
      <UploadTargets metrics={metrics} />
      <div className="field">
        <label htmlFor="csv-file">CSV file (metric, timestamp, value)</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
      </div>
      {pending && !data && <p className="muted" role="status">Reading the file…</p>}
      {preview && !preview.ok && <FormStatus state={preview} />}
      {data && (
        <div className="stack" aria-label="Preview">
          <p>
            <strong>{data.filename}</strong>: {rowCount(data.rows)}, <strong>{formatCount(data.valid)}</strong> ready to import
            {data.errors.length > 0 && <>, {formatCount(data.errors.length)} with problems (listed below; they will be left out)</>}.
          </p>
          {data.fromCloudWatch.length > 0 && (
            <p className="notice-inline">
              {list(data.fromCloudWatch.map((m) => `${m.name} (${rowCount(m.rows)})`))}: read from CloudWatch by the sync, which would overwrite uploaded points, so these rows are refused. To
              keep these figures, give them a metric of their own declared as pushed.
            </p>
          )}
          {data.undeclared.length > 0 &&
            (canDeclare ? (
              <div className="stack-sm" aria-label="Metrics the file names that are not declared">
                {data.undeclared.map((m) => (
                  <DeclareFromFile
                    key={m.name}
                    applicationId={applicationId}
                    name={m.name}
                    rows={m.rows}
                    onDeclared={() => {
                      router.refresh();
                      if (file) read(file);
                    }}
                  />
                ))}
              </div>
            ) : (
              <p className="notice-inline">{list(data.undeclared.map((m) => m.name))}: not declared; an engineer can declare them.</p>
            ))}
          <div className="table-wrap" tabIndex={0}>
            <table role="table" className="cards-on-phone" aria-label="First rows of the file">
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col" className="right">
                    Row
                  </th>
                  <th role="columnheader" scope="col">Metric</th>
                  <th role="columnheader" scope="col">Timestamp</th>
                  <th role="columnheader" scope="col" className="right">
                    Value
                  </th>
                  <th role="columnheader" scope="col">Status</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {data.sample.map((r) => (
                  <tr role="row" key={r.row}>
                    <td role="cell" className="right num row-number">{r.row}</td>
                    <td role="cell" data-label="Metric">{r.metric}</td>
                    <td role="cell" className="mono" data-label="Timestamp">
                      {timestamp(r.timestamp)}
                    </td>
                    <td role="cell" className="right num" data-label="Value">
                      {r.value}
                    </td>
                    <td role="cell" className="upload-status" data-label="Status">
                      {r.error ? <span className="field-error">{r.error}</span> : <span className="badge badge-good">ok</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.errors.length > 0 && (
            <details open={data.errors.length <= 10}>
              <summary>Rows with problems ({data.errors.length})</summary>
              <ul>
                {data.errors.slice(0, 200).map((e) => (
                  <li key={e.row}>
                    Row {e.row}: {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="inline-form">
            <button
              type="button"
              className="primary"
              disabled={pending || imported || data.valid === 0 || !file}
              onClick={() => file && start(async () => setResult(await importUploadAction(null, form(applicationId, file))))}
            >
              {imported ? "Imported" : pending ? "Importing…" : `Import ${rowCount(data.valid)}`}
            </button>
            {imported && <span className="muted">Pick another file to import more; the last upload can be undone below.</span>}
          </div>
        </div>
      )}
      <FormStatus state={result} />
    </div>
  );
}

/** Stays mounted once the upload is undone, so that what the undo did stays on screen after the page refreshes. */
export function UndoUploadButton({ applicationId, filename, undone }: { applicationId: number; filename: string; undone: boolean }) {
  const [state, setState] = useState<ActionState<unknown>>(null);
  const [pending, start] = useTransition();
  return (
    <div className="inline-form">
      <button
        type="button"
        disabled={pending || undone}
        onClick={() => {
          if (window.confirm(`Undo the upload of ${filename}? The points it added go, and those it changed get their old values back.`)) start(async () => setState(await undoUploadAction(null, form(applicationId))));
        }}
      >
        {pending ? "Undoing…" : undone ? "Undone" : "Undo this upload"}
      </button>
      <FormStatus state={state} />
    </div>
  );
}
