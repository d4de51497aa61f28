"use server";

import { z } from "zod";
import { serverAction } from "@/lib/auth/server-action";
import { changeRole, createUser, removeUser, resetPassword, setOwnedApplications, temporaryPassword } from "@/lib/auth/users";
import { ROLES } from "@/lib/domain/authorization";

const appIds = z.array(z.coerce.number().int().positive()).default([]);
const revalidate = () => ["/admin/users"];

export const createUserAction = serverAction({
  permission: "user:manage",
  input: z.object({
    email: z.email("Enter an e-mail address."),
    name: z.string().trim().max(100).default(""),
    role: z.enum(ROLES, { message: "Pick a role." }),
    applicationIds: appIds,
  }),
  handler: async ({ input, principal, db }) => {
    const password = temporaryPassword();
    const user = await createUser(db, { ...input, password, ownedApplicationIds: input.applicationIds }, principal);
    return { email: user.email, password };
  },
  revalidate,
});

export const updateUserAction = serverAction({
  permission: "user:manage",
  input: z.object({ userId: z.string().min(1), role: z.enum(ROLES), applicationIds: appIds, reason: z.string().trim().max(500).optional() }),
  handler: async ({ input, principal, db }) => {
    await changeRole(db, input.userId, input.role, principal, input.reason || undefined);
    return setOwnedApplications(db, input.userId, input.applicationIds, principal);
  },
  revalidate,
  message: (user) => `Saved ${user.email}: ${user.role}${user.ownedApplications.length ? `, owner of ${user.ownedApplications.map((a) => a.name).join(", ")}` : ""}.`,
});

export const resetPasswordAction = serverAction({
  permission: "user:manage",
  input: z.object({ userId: z.string().min(1) }),
  handler: async ({ input, principal, db }) => {
    const password = temporaryPassword();
    await resetPassword(db, input.userId, password, principal);
    return { password };
  },
  revalidate,
});

export const removeUserAction = serverAction({
  permission: "user:manage",
  input: z.object({ userId: z.string().min(1) }),
  handler: async ({ input, principal, db }) => removeUser(db, input.userId, principal),
  revalidate,
  message: () => "User removed.",
});
