import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { OIDC_PROVIDER_ID } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/guard";
import { loadAccount } from "@/lib/data/page-loaders";
import { sameOriginPath } from "@/lib/domain/url";
import { env, oidcConfigured } from "@/lib/env";
import { DEMO_USERS } from "@/lib/jobs/seed-demo-users";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const [{ next = "/" }, user, account] = await Promise.all([searchParams, currentUser(), loadAccount()]);
  if (user) redirect(sameOriginPath(next));
  // Demo passwords are shown only when the dashboard runs on the demo account.
  const demo = env.FRUGAL_SOURCE === "demo" && account?.source === "demo";
  return (
    <div className="sign-in-page">
      <SignInForm
        next={sameOriginPath(next)}
        sso={oidcConfigured() ? { providerId: OIDC_PROVIDER_ID, name: env.OIDC_NAME } : null}
        demoUsers={demo ? DEMO_USERS.map(({ role, email, password, description }) => ({ role, email, password, description })) : []}
      />
    </div>
  );
}
