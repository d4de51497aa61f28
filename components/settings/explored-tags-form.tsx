"use client";

import { useActionState, useId, useState } from "react";
import type { ActionState } from "@/lib/auth/server-action";
import type { ExploredTags } from "@/lib/data/explored-tags";
import { exploredKeysCost, MAX_EXPLORED_TAG_KEYS, parseTagKeyList } from "@/lib/domain/breakdown";
import { FieldError, FormStatus } from "../forms/form-status";

type Action = (previous: ActionState<{ keys: string[]; added: string[]; removed: string[] }>, form: FormData) => Promise<ActionState<{ keys: string[]; added: string[]; removed: string[] }>>;

type Props = ExploredTags & {
  action: Action;
  demo: boolean;
  disabled: boolean;
};

const usd = (micro: number) => `$${(Math.abs(micro) / 1e6).toFixed(2)}`;
const n = (v: number) => Math.abs(v).toLocaleString("en-US");

/** The list of explored tag keys, with what a change costs shown before it is saved. */
export function ExploredTagsForm({ action, keys, ruleKeys, queriesPerRead, costReadsPerMonth, daysKept, seen, demo, disabled }: Props) {
  const [state, dispatch, pending] = useActionState(action, null);
  const [text, setText] = useState(keys.join(", "));
  const id = useId();
  const parsed = parseTagKeyList(text);
  const cost = "keys" in parsed ? exploredKeysCost({ before: keys, after: parsed.keys, ruleKeys, costReadsPerMonth, queriesPerRead }) : null;
  const suggestions = seen.filter((s) => !("keys" in parsed && parsed.keys.includes(s.key))).slice(0, 8);
  const add = (key: string) => setText((t) => (t.trim() ? `${t.replace(/[,\s]+$/, "")}, ${key}` : key));
  return (
    <form action={dispatch} className="stack-sm explored-tags" aria-label="Explored tag keys">
      <div className="field">
        <label htmlFor={`${id}-keys`}>Tag keys (comma-separated, at most {MAX_EXPLORED_TAG_KEYS})</label>
        <input
          id={`${id}-keys`}
          name="keys"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="team, cost-center"
          autoComplete="off"
          disabled={disabled}
          aria-describedby={`${id}-preview`}
          aria-invalid={"error" in parsed}
        />
        <FieldError state={state} name="keys" />
      </div>
      {suggestions.length > 0 && !disabled && (
        <p className="faint suggestion-row">
          On your resources:{" "}
          {suggestions.map((s) => (
            <button key={s.key} type="button" className="link-button" onClick={() => add(s.key)} aria-label={`Add ${s.key} (${s.resources} resources)`}>
              {s.key} <span className="faint">({n(s.resources)})</span>
            </button>
          ))}
        </p>
      )}
      <p id={`${id}-preview`} className={"error" in parsed ? "form-error" : "muted"} aria-live="polite" data-testid="explored-tags-preview">
        {"error" in parsed
          ? parsed.error
          : cost && cost.rereadRequests === 0
            ? `Now ${keys.length ? keys.join(", ") : "none"}: ${ruleKeys} rule ${ruleKeys === 1 ? "key" : "keys"}, so each key is ${ruleKeys} Cost Explorer ${ruleKeys === 1 ? "query" : "queries"} every time the sync reads cost (about ${costReadsPerMonth} times a month).`
            : cost &&
              `${cost.queriesPerRead >= 0 ? `${n(cost.queriesPerRead)} more` : `${n(cost.queriesPerRead)} fewer`} Cost Explorer ${Math.abs(cost.queriesPerRead) === 1 ? "query" : "queries"} each time the sync reads cost: ${cost.requestsPerMonth >= 0 ? "about" : "saves about"} ${n(cost.requestsPerMonth)} requests, ${usd(cost.microUsdPerMonth)} a month (at $0.01 a request; large accounts page more). Then the next sync reads the ${daysKept} days kept again: at least ${n(cost.rereadRequests)} requests, ${usd(cost.rereadMicroUsd)} once.${demo ? " On the demo account nothing is billed." : ""}`}
      </p>
      <p className="faint">
        A tag must be activated as a cost allocation tag in the Billing console before Cost Explorer can split cost by it (AWS can backfill up to 12 months). Resources without the tag show as &ldquo;(no team)&rdquo; for a key <code>team</code>.
      </p>
      {state && <FormStatus state={state} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending || disabled || "error" in parsed}>
          {pending ? "Saving…" : "Save tag keys"}
        </button>
      </div>
    </form>
  );
}
