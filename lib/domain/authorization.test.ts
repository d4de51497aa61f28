import { describe, expect, it } from "vitest";
import { ACTIONS, authorize, type Action, type Principal, type Target } from "./authorization";

const A: Target = { kind: "application", applicationId: 1, name: "Storefront" };
const B: Target = { kind: "application", applicationId: 2, name: "Fulfilment" };
const ACCOUNT: Target = { kind: "account" };

const user = (role: Principal & { kind: "user" } extends { role: infer R } ? R : never, owned: number[] = []): Principal => ({
  kind: "user",
  userId: `u-${role}`,
  email: `${role}@example.com`,
  role,
  ownedApplicationIds: owned,
});
const token = (scope: "read" | "ingest" | "flags", applicationId = 1): Principal => ({ kind: "token", tokenId: 1, name: "t", applicationId, scope });

const viewer = user("viewer");
const engineer = user("engineer");
const ownerOfA = user("owner", [1]);
const engineerOwningA = user("engineer", [1]);
const admin = user("admin");

type Row = [string, Principal, Action, Target, boolean | 403 | 404];

// Every role against every action, on application A (which the owner owns) and B (which nobody here owns).
const matrix: Record<Action, { viewer: boolean; engineer: boolean; ownerA: boolean; ownerB: boolean; admin: boolean }> = {
  "dashboard:read": { viewer: true, engineer: true, ownerA: true, ownerB: true, admin: true },
  "application:edit": { viewer: false, engineer: true, ownerA: false, ownerB: false, admin: true },
  "tagRule:edit": { viewer: false, engineer: true, ownerA: false, ownerB: false, admin: true },
  "businessMetric:edit": { viewer: false, engineer: true, ownerA: false, ownerB: false, admin: true },
  "businessMetric:ingest": { viewer: false, engineer: true, ownerA: true, ownerB: false, admin: true },
  "sync:run": { viewer: false, engineer: true, ownerA: false, ownerB: false, admin: true },
  "feature:edit": { viewer: false, engineer: false, ownerA: true, ownerB: false, admin: true },
  "limit:edit": { viewer: false, engineer: false, ownerA: true, ownerB: false, admin: true },
  "switch:toggle": { viewer: false, engineer: false, ownerA: true, ownerB: false, admin: true },
  "proposal:decide": { viewer: false, engineer: false, ownerA: true, ownerB: false, admin: true },
  "anomaly:review": { viewer: false, engineer: true, ownerA: true, ownerB: false, admin: true },
  // Any owner schedules reports (they read every application); viewers only read them.
  "report:manage": { viewer: false, engineer: true, ownerA: true, ownerB: true, admin: true },
  "token:manage": { viewer: false, engineer: false, ownerA: true, ownerB: false, admin: true },
  "flags:evaluate": { viewer: false, engineer: false, ownerA: false, ownerB: false, admin: true },
  "user:manage": { viewer: false, engineer: false, ownerA: false, ownerB: false, admin: true },
  "audit:read": { viewer: false, engineer: false, ownerA: false, ownerB: false, admin: true },
  "settings:edit": { viewer: false, engineer: false, ownerA: false, ownerB: false, admin: true },
};

describe("users: role x action x object", () => {
  it("covers every action", () => {
    expect(Object.keys(matrix).sort()).toEqual([...ACTIONS].sort());
  });

  const rows: Row[] = ACTIONS.flatMap((action): Row[] => [
    ["viewer", viewer, action, A, matrix[action].viewer],
    ["engineer", engineer, action, A, matrix[action].engineer],
    ["owner of A, on A", ownerOfA, action, A, matrix[action].ownerA],
    ["owner of A, on B", ownerOfA, action, B, matrix[action].ownerB],
    ["admin", admin, action, A, matrix[action].admin],
  ]);
  it.each(rows)("%s: %s → %s", (_who, principal, action, target, expected) => {
    const decision = authorize(principal, action, target);
    expect(decision.allowed).toBe(expected);
    if (!decision.allowed) {
      expect(decision.status).toBe(403); // users may know every application exists
      expect(decision.reason.length).toBeGreaterThan(10);
    }
  });

  it("gives an engineer who owns A both sets of rights on A, and only the engineer's on B", () => {
    expect(authorize(engineerOwningA, "switch:toggle", A).allowed).toBe(true);
    expect(authorize(engineerOwningA, "tagRule:edit", B).allowed).toBe(true);
    expect(authorize(engineerOwningA, "switch:toggle", B).allowed).toBe(false);
  });

  it("names the application an owner is refused on", () => {
    expect(authorize(ownerOfA, "switch:toggle", B)).toEqual({ allowed: false, status: 403, reason: "Only an owner of Fulfilment or an admin may do this." });
  });

  it("needs an application for owner actions", () => {
    expect(authorize(ownerOfA, "token:manage", ACCOUNT).allowed).toBe(false);
  });
});

describe("tokens: scope x action x object", () => {
  it.each<Row>([
    ["read token, own application", token("read"), "dashboard:read", A, true],
    ["read token, account-wide list (filtered to its application)", token("read"), "dashboard:read", ACCOUNT, true],
    ["read token, another application", token("read"), "dashboard:read", B, 404],
    ["read token, ingest", token("read"), "businessMetric:ingest", A, 403],
    ["ingest token, ingest", token("ingest"), "businessMetric:ingest", A, true],
    ["ingest token, another application", token("ingest"), "businessMetric:ingest", B, 404],
    ["ingest token, read", token("ingest"), "dashboard:read", A, 403],
    ["flags token, evaluate", token("flags"), "flags:evaluate", A, true],
    ["flags token, toggle a switch", token("flags"), "switch:toggle", A, 403],
    ["flags token, another application's flags", token("flags", 2), "flags:evaluate", A, 404],
    ["read token, manage tokens", token("read"), "token:manage", A, 403],
    ["read token, manage users", token("read"), "user:manage", ACCOUNT, 403],
  ])("%s", (_name, principal, action, target, expected) => {
    const decision = authorize(principal, action, target);
    if (expected === true) expect(decision).toEqual({ allowed: true });
    else expect(decision).toMatchObject({ allowed: false, status: expected });
  });

  it("says which scope would have worked", () => {
    expect(authorize(token("read"), "businessMetric:ingest", A)).toMatchObject({ reason: "This token's scope is 'read'; this needs an 'ingest' token." });
    expect(authorize(token("flags"), "token:manage", A)).toMatchObject({ reason: "This token's scope is 'flags'; this needs a user session." });
  });
});
