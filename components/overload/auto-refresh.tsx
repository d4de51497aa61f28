"use client";

// Re-reads the page's server data every 30 s without a full reload: the server
// components render again, the client state (open forms, scroll) stays.
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";

export function AutoRefresh({ seconds = 30, updated }: { seconds?: number; updated: string }) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") startTransition(() => router.refresh());
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return (
    <span className="refresh muted" data-testid="auto-refresh">
      {refreshing ? "Refreshing…" : <>Updated {updated}</>} · every {seconds} s{" "}
      <button type="button" className="link-button" onClick={() => startTransition(() => router.refresh())} disabled={refreshing}>
        Refresh now
      </button>
    </span>
  );
}
