import { can } from "@/lib/auth/guard";
import type { UserPrincipal } from "@/lib/auth/principal";
import { ApplicationTabs, type Tab } from "./application-tabs";

/** Tabs of an application's pages, showing only those the user may open. */
export function ApplicationNav({ user, app, query = "" }: { user: UserPrincipal; app: { id: number; slug: string }; query?: string }) {
  const target = { kind: "application" as const, applicationId: app.id };
  const base = `/applications/${app.slug}`;
  const tabs: Tab[] = [
    { href: `${base}${query}`, label: "Cost" },
    { href: `${base}/metrics${query}`, label: "Business metrics" },
    { href: `${base}/overload`, label: "Overload" },
    { href: `${base}/tiers`, label: "Tiers & switches" },
    { href: `${base}/settings`, label: "Settings" },
    ...(can(user, "token:manage", target) ? [{ href: `${base}/tokens`, label: "API tokens" }] : []),
  ];
  return <ApplicationTabs tabs={tabs} />;
}
