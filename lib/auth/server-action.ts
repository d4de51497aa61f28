// The one way to write a server action: authenticate the session, parse the
// fields that name the object, find it, authorize against it, then parse the rest
// of the input, run and revalidate. Each step answers with a state the form can
// show; nothing changes unless all pass. An action that does not go through here
// lacks ACTION_SPEC, and tests/route-authorization.test.ts fails.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z, ZodType } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { authorize, type Action } from "../domain/authorization";
import { AppError } from "../errors";
import type { Resolved } from "./api-route";
import { principalForSession, type UserPrincipal } from "./principal";

export const ACTION_SPEC = Symbol.for("frugal.actionSpec");

export type ActionState<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; status: number; error: string; fieldErrors?: Record<string, string> }
  | null;

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ActionSpec<K extends AnyObject, I, O, T> {
  permission: Action;
  /** The fields that name the object acted on, and how to find it (null: it does not exist). Default: the account. */
  target?: { fields: K; resolve: (ctx: { key: z.infer<K>; principal: UserPrincipal; db: Db }) => Promise<Resolved<O> | null> };
  input: ZodType<I>;
  handler: (ctx: { input: I; principal: UserPrincipal; object: O; db: Db }) => Promise<T>;
  /** Pages whose data the action changed. */
  revalidate?: (ctx: { input: I; object: O; result: T }) => string[];
  /** What the form says on success. */
  message?: (result: T) => string;
}

export interface ActionMeta {
  permission: Action;
  /** Names of the fields that identify the object (tests fill them with real ids). */
  targetFields: string[];
}

export type ServerAction<T> = ((previous: ActionState<T>, form: FormData) => Promise<ActionState<T>>) & { [ACTION_SPEC]: ActionMeta };

/** FormData to a plain object; keys ending in [] collect every value. */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    out[key.endsWith("[]") ? key.slice(0, -2) : key] = key.endsWith("[]") ? form.getAll(key) : form.get(key);
  }
  return out;
}

function invalid(error: z.ZodError): ActionState<never> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
  return { ok: false, status: 400, error: "Some fields need another look.", fieldErrors };
}

export function serverAction<K extends AnyObject, I, O = null, T = void>(spec: ActionSpec<K, I, O, T>): ServerAction<T> {
  const action = async (_previous: ActionState<T>, form: FormData): Promise<ActionState<T>> => {
    try {
      const db = defaultDb();
      const principal = await principalForSession(db, await headers());
      if (!principal) return { ok: false, status: 401, error: "Your session has ended. Sign in again." };
      const fields = formToObject(form);

      let resolved: Resolved<O> | null = { target: { kind: "account" }, object: null as O };
      if (spec.target) {
        const key = spec.target.fields.safeParse(fields);
        if (!key.success) return invalid(key.error);
        resolved = await spec.target.resolve({ key: key.data, principal, db });
      }
      if (!resolved) return { ok: false, status: 404, error: "It no longer exists; reload the page." };
      const decision = authorize(principal, spec.permission, resolved.target);
      if (!decision.allowed) return { ok: false, status: decision.status, error: decision.reason };

      const parsed = spec.input.safeParse(fields);
      if (!parsed.success) return invalid(parsed.error);
      const result = await spec.handler({ input: parsed.data, principal, object: resolved.object, db });
      for (const path of spec.revalidate?.({ input: parsed.data, object: resolved.object, result }) ?? []) revalidatePath(path);
      return { ok: true, data: result, message: spec.message?.(result) };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      if (error instanceof AppError) return { ok: false, status: error.status, error: error.message };
      console.error("[frugal] unhandled error in a server action:", error instanceof Error ? error.stack : error);
      return { ok: false, status: 500, error: "Something went wrong on the server; its log has the details." };
    }
  };
  const meta: ActionMeta = { permission: spec.permission, targetFields: spec.target ? Object.keys(spec.target.fields.shape) : [] };
  return Object.assign(action, { [ACTION_SPEC]: meta });
}
