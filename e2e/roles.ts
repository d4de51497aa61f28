export const ROLES = ["admin", "engineer", "owner", "viewer"] as const;
export type DemoRole = (typeof ROLES)[number];

/** Where the sign-in setup keeps each role's cookies. */
export const stateOf = (role: DemoRole) => `e2e/.auth/${role}.json`;
