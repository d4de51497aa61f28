// People: created by admins (or the CLI), never by signing themselves up.
// Passwords are hashed by Better Auth's own hasher (the one its sign-in checks
// against), and each change is written, with its audit entry, in one transaction
// of the database given.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { isRole, type Role } from "../domain/authorization";
import { ConflictError, NotFoundError, UnprocessableError } from "../errors";

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  ownedApplications: { id: number; slug: string; name: string }[];
  createdAt: Date;
  lastSignInAt: Date | null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The shortest password anyone may set; Better Auth checks it too (auth.ts). */
export const MIN_PASSWORD_LENGTH = 12;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UnprocessableError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > 128) throw new UnprocessableError("The password may have at most 128 characters.");
}

/** A password for the person to change later: 20 characters from a 64-letter alphabet. */
export function temporaryPassword(): string {
  return randomBytes(15).toString("base64url");
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: string; password: string; ownedApplicationIds?: number[] },
  actor: AuditActor,
): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_RE.test(email)) throw new UnprocessableError(`'${input.email}' is not an e-mail address.`);
  if (!isRole(input.role)) throw new UnprocessableError(`Unknown role '${input.role}'; use viewer, engineer, owner or admin.`);
  const name = input.name.trim() || email.split("@")[0] || email;
  checkPassword(input.password);
  if (await db.user.findUnique({ where: { email } })) throw new ConflictError(`There is already a user ${email}.`);

  const hash = await hashPassword(input.password);
  const userId = randomUUID().replaceAll("-", "");
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { id: userId, email, name, emailVerified: true, role: input.role } });
    await tx.authAccount.create({ data: { id: randomUUID().replaceAll("-", ""), providerId: "credential", accountId: user.id, userId: user.id, password: hash } });
    if (input.ownedApplicationIds?.length) {
      await tx.applicationOwner.createMany({ data: input.ownedApplicationIds.map((applicationId) => ({ applicationId, userId: user.id })) });
    }
    await recordAudit(tx, {
      actor,
      action: "user.created",
      object: { type: "user", id: user.id, label: email },
      after: { email, name, role: input.role, ownedApplicationIds: input.ownedApplicationIds ?? [] },
    });
  });
  return getUser(db, userId);
}

export async function getUser(db: Db, userId: string): Promise<UserView> {
  const [user] = await listUsers(db, { id: userId });
  if (!user) throw new NotFoundError("No such user.");
  return user;
}

export async function listUsers(db: Db, where: { id?: string } = {}): Promise<UserView[]> {
  const users = await db.user.findMany({
    where,
    orderBy: { email: "asc" },
    include: {
      ownerships: { include: { application: { select: { id: true, slug: true, name: true } } } },
      sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: isRole(u.role) ? u.role : "viewer",
    ownedApplications: u.ownerships.map((o) => o.application).sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: u.createdAt,
    lastSignInAt: u.sessions[0]?.createdAt ?? null,
  }));
}

async function otherAdmins(db: Db, userId: string): Promise<number> {
  return db.user.count({ where: { role: "admin", id: { not: userId } } });
}

export async function changeRole(db: Db, userId: string, role: string, actor: AuditActor, reason?: string): Promise<UserView> {
  if (!isRole(role)) throw new UnprocessableError(`Unknown role '${role}'.`);
  const user = await getUser(db, userId);
  if (user.role === role) return user;
  if (user.role === "admin" && (await otherAdmins(db, userId)) === 0) throw new ConflictError("This is the last admin; make someone else admin first.");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, { actor, action: "user.role_changed", object: { type: "user", id: userId, label: user.email }, before: { role: user.role }, after: { role }, reason });
  });
  return getUser(db, userId);
}

export async function setOwnedApplications(db: Db, userId: string, applicationIds: number[], actor: AuditActor): Promise<UserView> {
  const user = await getUser(db, userId);
  const before = user.ownedApplications.map((a) => a.id).sort((a, b) => a - b);
  const after = [...new Set(applicationIds)].sort((a, b) => a - b);
  if (JSON.stringify(before) === JSON.stringify(after)) return user;
  const known = await db.application.count({ where: { id: { in: after } } });
  if (known !== after.length) throw new UnprocessableError("One of those applications does not exist.");
  await db.$transaction(async (tx) => {
    await tx.applicationOwner.deleteMany({ where: { userId } });
    if (after.length) await tx.applicationOwner.createMany({ data: after.map((applicationId) => ({ applicationId, userId })) });
    await recordAudit(tx, { actor, action: "user.ownership_changed", object: { type: "user", id: userId, label: user.email }, before: { applicationIds: before }, after: { applicationIds: after } });
  });
  return getUser(db, userId);
}

/** Sets a new password and ends the person's sessions. */
export async function resetPassword(db: Db, userId: string, password: string, actor: AuditActor): Promise<void> {
  const user = await getUser(db, userId);
  checkPassword(password);
  const hash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const credential = await tx.authAccount.findFirst({ where: { userId, providerId: "credential" } });
    if (credential) await tx.authAccount.update({ where: { id: credential.id }, data: { password: hash } });
    else await tx.authAccount.create({ data: { id: randomUUID().replaceAll("-", ""), providerId: "credential", accountId: userId, userId, password: hash } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actor, action: "user.password_reset", object: { type: "user", id: userId, label: user.email } });
  });
}

export async function removeUser(db: Db, userId: string, actor: AuditActor): Promise<void> {
  const user = await getUser(db, userId);
  if (actor.kind === "user" && actor.userId === userId) throw new ConflictError("You cannot remove yourself.");
  if (user.role === "admin" && (await otherAdmins(db, userId)) === 0) throw new ConflictError("This is the last admin.");
  await db.$transaction(async (tx) => {
    await tx.user.delete({ where: { id: userId } });
    await recordAudit(tx, { actor, action: "user.removed", object: { type: "user", id: userId, label: user.email }, before: { role: user.role } });
  });
}
