// A get-or-compute cache with a bound, for pure functions asked the same questions again and
// again (OFREP's request bodies, the demo's daily requests). Past the bound the cache starts
// again, empty: a stream of keys never seen before costs one computation each, as without the
// cache, and never more memory than the bound.

export class BoundedMemo<K, V> {
  #entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** `compute(key)`, kept while there is room; a computed `undefined` is not kept. */
  get(key: K, compute: (key: K) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      // A new Map, not clear(): V8 links a cleared Map's old table to its new one (for
      // iterators in flight), so once the old table is in the old generation it keeps every
      // later entry alive through young collections until the next full one. With OFREP
      // bodies never seen twice, clear() made each young collection copy about 10 MB and
      // took a quarter of the handler's time (scripts/bench measures the server; by hand:
      // 2.0 µs a body in-process, 1.1 µs with the cache left out).
      if (this.#entries.size >= this.limit) this.#entries = new Map();
      value = compute(key);
      if (value !== undefined) this.#entries.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
