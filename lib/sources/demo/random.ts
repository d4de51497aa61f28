// Deterministic noise: the same seed and keys always give the same number, and a
// day's value never depends on which other days were asked for.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** '|', between the seed and each key. */
const SEPARATOR = 124;

/** FNV-1a over `text`, continuing from `hash`. */
function fnv1a(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

/** A number in [0, 1) fixed by the seed and the keys. */
export function unit(seed: number, ...keys: (string | number)[]): number {
  // mulberry32 finaliser over an FNV-1a hash of "seed|key1|key2...", hashed a piece at a
  // time rather than joined first: the demo asks for millions of these in a sync.
  let hash = fnv1a(FNV_OFFSET, String(seed));
  for (const key of keys) hash = fnv1a(Math.imul(hash ^ SEPARATOR, FNV_PRIME), String(key));
  let t = ((hash >>> 0) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A multiplier around 1 within ±spread. */
export function jitter(spread: number, seed: number, ...keys: (string | number)[]): number {
  return 1 + (unit(seed, ...keys) * 2 - 1) * spread;
}
