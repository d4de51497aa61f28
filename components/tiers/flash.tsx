"use client";

// What the last change on the page came to. Proposals and waiting approvals leave
// the page once decided, taking their buttons with them, so their outcome is said
// here, in a region that stays mounted across the refresh.
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { ActionState } from "@/lib/auth/server-action";

type Flash = { ok: boolean; text: string; at: number } | null;
const FlashContext = createContext<(state: ActionState<unknown>) => void>(() => undefined);

export function FlashProvider({ children }: { children: ReactNode }) {
  const [flash, setFlash] = useState<Flash>(null);
  const report = useCallback((state: ActionState<unknown>) => {
    if (state?.ok && state.message) setFlash({ ok: true, text: state.message, at: Date.now() });
  }, []);
  return (
    <FlashContext.Provider value={report}>
      <div role="status" aria-live="polite" className={flash ? "form-ok flash" : "visually-hidden"}>
        {flash?.text}
        {flash && (
          <button type="button" className="link-button" onClick={() => setFlash(null)} aria-label="Dismiss this message">
            ×
          </button>
        )}
      </div>
      {children}
    </FlashContext.Provider>
  );
}

/** Wraps a form action so that its success is reported to the page's flash region. */
export function useFlashing<T>(action: (previous: ActionState<T>, form: FormData) => Promise<ActionState<T>>) {
  const report = useContext(FlashContext);
  return useCallback(
    async (previous: ActionState<T>, form: FormData) => {
      const state = await action(previous, form);
      report(state);
      return state;
    },
    [action, report],
  );
}
