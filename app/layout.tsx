import type { Metadata } from "next";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { SyncStatus } from "@/components/sync-status";
import { loadAccount } from "@/lib/data/cached";
import "./globals.css";

// Every page reads the database at request time; nothing is prerendered at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Frugal", template: "%s · Frugal" },
  description: "Cost-aware observability for microservices on AWS",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const account = await loadAccount();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Frugal
          </Link>
          <NavLinks />
          <div className="spacer" />
          {account && (
            <div className="account">
              {account.source === "demo" && (
                <span className="badge badge-demo" title="The numbers come from Frugal's built-in demo account, not from AWS">
                  Demo data
                </span>
              )}
              <span>{account.name}</span>
              <Suspense fallback={null}>
                <SyncStatus accountId={account.id} />
              </Suspense>
            </div>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
