// Deterministic noise: the same seed and keys always give the same number, and a
// day's value never depends on which other days were asked for.

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A number in [0, 1) fixed by the seed and the keys. */
export function unit(seed: number, ...keys: (string | number)[]): number {
  // mulberry32 finaliser over an FNV-1a hash of the keys
  let t = (fnv1a(`${seed}|${keys.join("|")}`) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A multiplier around 1 within ±spread. */
export function jitter(spread: number, seed: number, ...keys: (string | number)[]): number {
  return 1 + (unit(seed, ...keys) * 2 - 1) * spread;
}
