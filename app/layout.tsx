import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLinks, type NavLink } from "@/components/nav-links";
import { SyncStatus } from "@/components/sync-status";
import { THEME_COOKIE, type Theme } from "@/components/theme";
import { ThemeToggle } from "@/components/theme-toggle";
import { TopbarMenu } from "@/components/topbar-menu";
import { can, currentUser } from "@/lib/auth/guard";
import { loadAccount } from "@/lib/data/page-loaders";
import "./globals.css";

// Every page reads the database and the session at request time; nothing is prerendered at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Frugal", template: "%s · Frugal" },
  description: "Cost-aware observability for microservices on AWS",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [account, user, jar] = await Promise.all([loadAccount(), currentUser(), cookies()]);
  const chosen = jar.get(THEME_COOKIE)?.value;
  const theme: Theme = chosen === "light" || chosen === "dark" ? chosen : "system";
  const links: NavLink[] = user
    ? [
        { href: "/", label: "Applications" },
        { href: "/explore", label: "Explore" },
        { href: "/anomalies", label: "Anomalies" },
        { href: "/reports", label: "Reports" },
        { href: "/limits", label: "Limits" },
        { href: "/unallocated", label: "Unallocated" },
        { href: "/tag-rules", label: "Tag rules" },
        ...(can(user, "user:manage") ? [{ href: "/admin/users", label: "Users" }] : []),
        ...(can(user, "audit:read") ? [{ href: "/admin/audit", label: "Audit log" }] : []),
        ...(can(user, "settings:edit") ? [{ href: "/settings/accounts", label: "Settings" }] : []),
      ]
    : [];
  const accountInfo = account && (
    <div className="account">
      {account.source === "demo" && (
        <span className="badge badge-demo" title="The numbers come from Frugal's built-in demo account, not from AWS">
          Demo data
        </span>
      )}
      <span className="account-name">{account.name}</span>
      {user && (
        <Suspense fallback={null}>
          <SyncStatus accountId={account.id} />
        </Suspense>
      )}
    </div>
  );
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand">
            Frugal
          </Link>
          {user ? (
            <TopbarMenu>
              <NavLinks links={links} />
              <div className="spacer" />
              {accountInfo}
              <div className="user-menu">
                <span className="user-email" title={`Signed in as ${user.email}`}>
                  {user.email}
                </span>
                <span className="badge badge-neutral" aria-label={`Role: ${user.role}`} title={`Signed in as ${user.email}`}>
                  {user.role}
                </span>
                <ThemeToggle initial={theme} />
                <SignOutButton />
              </div>
            </TopbarMenu>
          ) : (
            <>
              <div className="spacer" />
              {accountInfo}
              <ThemeToggle initial={theme} />
            </>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
