"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { auth } from "@/lib/auth/auth";
import { serverAction } from "@/lib/auth/server-action";

/** Ends the session and goes to the sign-in page. */
export const signOut = serverAction({
  permission: "dashboard:read",
  input: z.object({}),
  handler: async ({ principal, db }) => {
    await auth().api.signOut({ headers: await headers() });
    await recordAudit(db, { actor: principal, action: "auth.sign_out", object: { type: "user", id: principal.userId, label: principal.email } });
    redirect("/sign-in");
  },
});
