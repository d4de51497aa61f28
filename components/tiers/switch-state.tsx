// How a switch position reads on the page: a coloured badge with words, never colour alone.
import type { SwitchPosition } from "@/lib/domain/switches";

export function positionText(p: SwitchPosition): string {
  return p.state === "throttled" ? `throttled · ${p.throttlePercent}\u00a0% served` : p.state;
}

/** What a waiting change asks for, in words. */
export function pendingText(c: { to: SwitchPosition | null; cell: string | null; summary: string | null }): string {
  return c.to ? `${positionText(c.to)}${c.cell ? ` in ${c.cell}` : ""}` : (c.summary ?? "");
}

export function SwitchBadge({ position, cell }: { position: SwitchPosition; cell?: string }) {
  const cls = position.state === "on" ? "badge-good" : position.state === "off" ? "badge-bad" : "badge-warn";
  return (
    <span className={`badge ${cls}`} data-testid="switch-state">
      {cell ? `${cell}: ` : ""}
      {positionText(position)}
    </span>
  );
}

const LEVEL_CLASS = { ok: "badge-good", warning: "badge-warn", breach: "badge-bad", no_data: "badge-neutral" } as const;
const LEVEL_TEXT = { ok: "under limit", warning: "warning", breach: "breached", no_data: "no data" } as const;

export function LevelBadge({ level }: { level: keyof typeof LEVEL_CLASS }) {
  return <span className={`badge ${LEVEL_CLASS[level]}`}>{LEVEL_TEXT[level]}</span>;
}

export function tierLabel(tier: number): string {
  return tier === 1 ? "Tier 1 · must not degrade" : tier === 2 ? "Tier 2 · degrade with care" : `Tier ${tier} · can be throttled first`;
}
