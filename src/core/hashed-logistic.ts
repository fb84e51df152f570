// The two pieces every learned reading shares (the organisation scorer's hashed features, the kind
// model): a stable string hash into a fixed number of buckets, and the logistic function. The
// committed weights depend on the hash: it must not change.

/** FNV-1a, 32 bits, into `buckets` buckets: the same on every run and machine. */
export function hashBucket(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
