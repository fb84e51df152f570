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

/** A hashed model's weights: a bias and the weight of each bucket (absent buckets weigh 0). */
export interface HashedWeights {
  bias: number;
  weights: Record<number, number>;
}

/** A learned chooser of candidates the rules never decided (the organisation's, the name's): its weights and how it combines. */
export interface HashedChooser extends HashedWeights {
  /** The probability at or beyond which the chooser supplies its best candidate. */
  threshold: number;
  /** 'adds': it supplies one where the rules read none; 'off': computed for --explain only. */
  combination: 'adds' | 'off';
}

/** The probability a hashed model gives: its bias plus each present bucket's weight, through the logistic function. */
export function hashedProbability(model: HashedWeights, buckets: Iterable<number>): number {
  let z = model.bias;
  for (const b of buckets) z += model.weights[b] ?? 0;
  return sigmoid(z);
}
