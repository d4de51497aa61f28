// A get-or-compute cache with a bound, for pure functions asked the same questions again and
// again (OFREP's request bodies, the demo's daily requests). Past the bound the cache is
// emptied and starts again: a stream of keys never seen before costs one computation each,
// as without the cache, and never more memory than the bound.

/** `compute(key)`, kept in `cache` (at most `limit` entries); a computed `undefined` is not kept. */
export function remembered<K, V>(cache: Map<K, V>, limit: number, key: K, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= limit) cache.clear();
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}
