"use client";

import { useState, useTransition } from "react";
import { importUploadAction, previewUploadAction, undoUploadAction } from "@/app/applications/[slug]/metrics/actions";
import type { ActionState } from "@/lib/auth/server-action";
import type { UploadPreview, UploadResult } from "@/lib/data/metric-upload";
import { formatCount } from "../format";
import { FormStatus } from "../forms/form-status";

function form(applicationId: number, file?: File): FormData {
  const data = new FormData();
  data.set("applicationId", String(applicationId));
  if (file) data.set("file", file);
  return data;
}

/** Choose a file, see what it holds and what is wrong with it, then import the good rows. */
export function UploadForm({ applicationId }: { applicationId: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ActionState<UploadPreview>>(null);
  const [result, setResult] = useState<ActionState<UploadResult>>(null);
  const [pending, start] = useTransition();

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    setPreview(null);
    if (chosen) start(async () => setPreview(await previewUploadAction(null, form(applicationId, chosen))));
  };
  const data = preview?.ok ? preview.data : null;
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="csv-file">CSV file (metric, timestamp, value)</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
      </div>
      {pending && !data && <p className="muted" role="status">Reading the file…</p>}
      {preview && !preview.ok && <FormStatus state={preview} />}
      {data && (
        <div className="stack" aria-label="Preview">
          <p>
            <strong>{data.filename}</strong>: {formatCount(data.rows)} rows, <strong>{formatCount(data.valid)}</strong> ready to import
            {data.errors.length > 0 && <>, {formatCount(data.errors.length)} with problems (listed below; they will be left out)</>}.
          </p>
          <div className="table-wrap">
            <table aria-label="First rows of the file">
              <thead>
                <tr>
                  <th scope="col" className="right">
                    Row
                  </th>
                  <th scope="col">Metric</th>
                  <th scope="col">Timestamp</th>
                  <th scope="col" className="right">
                    Value
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.sample.map((r) => (
                  <tr key={r.row}>
                    <td className="right num">{r.row}</td>
                    <td>{r.metric}</td>
                    <td className="mono">{r.timestamp}</td>
                    <td className="right num">{r.value}</td>
                    <td>{r.error ? <span className="field-error">{r.error}</span> : <span className="badge badge-good">ok</span>}</td>
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
              disabled={pending || data.valid === 0 || !file}
              onClick={() => file && start(async () => setResult(await importUploadAction(null, form(applicationId, file))))}
            >
              {pending ? "Importing…" : `Import ${formatCount(data.valid)} rows`}
            </button>
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
