export const ROLES = ["admin", "engineer", "owner", "viewer"] as const;
export type DemoRole = (typeof ROLES)[number];

/** Where the sign-in setup keeps each role's cookies. */
export const stateOf = (role: DemoRole) => `e2e/.auth/${role}.json`;

/** Every page a signed-in admin can open, for the journeys that check them all (phone width, accessibility). */
export const ALL_PAGES = [
  "/",
  "/applications/storefront",
  "/applications/storefront/services/checkout",
  "/applications/storefront/metrics",
  "/applications/storefront/tiers",
  "/applications/storefront/overload",
  "/applications/storefront/tokens",
  "/applications/storefront/settings",
  "/explore",
  "/anomalies",
  "/reports",
  // The demo's weekly report, made first at setup
  "/reports/runs/1",
  "/limits",
  "/unallocated",
  "/tag-rules",
  "/admin/users",
  "/admin/audit",
  "/settings/accounts",
];
