"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface Tab {
  href: string;
  label: string;
}

/** The sections of an application; the current one is marked for screen readers too. */
export function ApplicationTabs({ tabs }: { tabs: Tab[] }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Application sections">
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={pathname === tab.href.split("?")[0] ? "page" : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
