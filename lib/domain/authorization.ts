// Who may do what to which object. One pure function decides; every route
// handler, server action and page read asks it through the wrappers in lib/auth.

export const ROLES = ["viewer", "engineer", "owner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ["read", "ingest", "flags"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ACTIONS = [
  /** Read dashboards, reports and an application's configuration. */
  "dashboard:read",
  /** Edit an application's name, description and cost allocation. */
  "application:edit",
  "tagRule:edit",
  /** Map CloudWatch metrics to business metrics. */
  "businessMetric:edit",
  /** Push business-metric points (API, CSV). */
  "businessMetric:ingest",
  /** Start a sync now. */
  "sync:run",
  /** An application's features, cost limits, kill switches and proposals. */
  "feature:edit",
  "limit:edit",
  "switch:toggle",
  "proposal:decide",
  /** Mark a cost anomaly expected (with a reason) or real: engineers, and the application's owners. */
  "anomaly:review",
  /** Schedule cost reports (and send one now): engineers, owners and admins; viewers read them. */
  "report:manage",
  /** Create and revoke an application's API tokens. */
  "token:manage",
  /** Evaluate kill switches over OFREP. */
  "flags:evaluate",
  "user:manage",
  "audit:read",
  "settings:edit",
] as const;
export type Action = (typeof ACTIONS)[number];

export type Principal =
  | { kind: "user"; userId: string; email: string; role: Role; ownedApplicationIds: readonly number[] }
  | { kind: "token"; tokenId: number; name: string; applicationId: number; scope: TokenScope };

/** What an action is done to: the whole account, or one application. */
export type Target = { kind: "account" } | { kind: "application"; applicationId: number; name?: string };

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404; reason: string };

const ENGINEER_ACTIONS = new Set<Action>(["application:edit", "tagRule:edit", "businessMetric:edit", "businessMetric:ingest", "sync:run", "anomaly:review", "report:manage"]);
const OWNER_ACTIONS = new Set<Action>(["feature:edit", "limit:edit", "switch:toggle", "proposal:decide", "token:manage", "businessMetric:ingest", "anomaly:review"]);
const ADMIN_ONLY = new Set<Action>(["user:manage", "audit:read", "settings:edit"]);
const SCOPE_ACTIONS: Record<TokenScope, Action> = { read: "dashboard:read", ingest: "businessMetric:ingest", flags: "flags:evaluate" };

const allow: Decision = { allowed: true };
const deny = (reason: string, status: 403 | 404 = 403): Decision => ({ allowed: false, status, reason });
const describe = (target: Target) => (target.kind === "application" ? (target.name ?? `application ${target.applicationId}`) : "the account");

export function authorize(principal: Principal, action: Action, target: Target): Decision {
  if (principal.kind === "token") {
    // A token knows one application; to it, the others do not exist.
    if (target.kind === "application" && target.applicationId !== principal.applicationId) return deny("Not found.", 404);
    if (SCOPE_ACTIONS[principal.scope] !== action) {
      const needed = scopeFor(action);
      return deny(`This token's scope is '${principal.scope}'; this needs ${needed ? `${needed === "ingest" ? "an" : "a"} '${needed}' token` : "a user session"}.`);
    }
    return allow;
  }

  if (principal.role === "admin") return allow;
  if (action === "dashboard:read") return allow;
  if (action === "flags:evaluate") return deny("Kill switches are evaluated with a 'flags' token, not a user session.");
  if (ADMIN_ONLY.has(action)) return deny("Only an admin may do this.");
  if (ENGINEER_ACTIONS.has(action) && principal.role === "engineer") return allow;
  if (action === "report:manage") return principal.role === "owner" ? allow : deny("Viewers read reports; an engineer, an owner or an admin schedules them.");
  if (OWNER_ACTIONS.has(action)) {
    if (target.kind !== "application") return deny("This needs an application.");
    if (principal.ownedApplicationIds.includes(target.applicationId)) return allow;
    return deny(`Only an owner of ${describe(target)} or an admin may do this.`);
  }
  return deny(ENGINEER_ACTIONS.has(action) ? "Only an engineer or an admin may do this." : "You may not do this.");
}

/** The token scope that grants an action, if any does. */
export function scopeFor(action: Action): TokenScope | null {
  return (Object.entries(SCOPE_ACTIONS).find(([, a]) => a === action)?.[0] as TokenScope | undefined) ?? null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === "string" && (TOKEN_SCOPES as readonly string[]).includes(value);
}
