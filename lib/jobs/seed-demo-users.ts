// One demo user per role, so a newcomer can try each. Their passwords are shown
// on the sign-in page, in demo mode only.
import type { Db } from "../db/client";
import type { Role } from "../domain/authorization";
import { createUser } from "../auth/users";

export interface DemoUser {
  role: Role;
  email: string;
  name: string;
  password: string;
  owns: string[];
  description: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { role: "admin", email: "admin@demo.frugal.dev", name: "Ada Admin", password: "frugal-demo-admin", owns: [], description: "everything: users, tokens, audit log" },
  { role: "engineer", email: "engineer@demo.frugal.dev", name: "Eli Engineer", password: "frugal-demo-engineer", owns: [], description: "edits applications, tag rules, business metrics" },
  { role: "owner", email: "owner@demo.frugal.dev", name: "Olu Owner", password: "frugal-demo-owner", owns: ["storefront"], description: "product owner of Storefront: its tokens, features, limits, switches" },
  { role: "viewer", email: "viewer@demo.frugal.dev", name: "Vic Viewer", password: "frugal-demo-viewer", owns: [], description: "reads dashboards and reports" },
];

export async function seedDemoUsers(db: Db, accountId: number): Promise<number> {
  let created = 0;
  for (const demo of DEMO_USERS) {
    if (await db.user.findUnique({ where: { email: demo.email } })) continue;
    const apps = await db.application.findMany({ where: { accountId, slug: { in: demo.owns } }, select: { id: true } });
    await createUser(db, { ...demo, ownedApplicationIds: apps.map((a) => a.id) }, { kind: "system", label: "demo seed" });
    created++;
  }
  return created;
}
