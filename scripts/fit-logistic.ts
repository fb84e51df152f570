// The one fitting routine of the learned readers (kind, explanation, organisation and its extension): L2-regularised
// logistic regression over hashed buckets, full batch, Adam; the bias (the last slot) is not regularised. Weights
// below 0.002 are dropped and the rest rounded, so a generated weights file stays small and diffs read.

import { sigmoid } from '../src/core/hashed-logistic.ts';

export interface LogisticRow {
  /** Each present feature's bucket and value (1 when absent). */
  features: readonly { bucket: number; value?: number }[];
  /** 1 for a positive example, 0 for a negative one. */
  y: number;
}

export interface Fitted {
  bias: number;
  weights: Record<number, number>;
}

export function fitLogistic(rows: readonly LogisticRow[], buckets: number, l2: number, iterations: number, rate: number): Fitted {
  const w = new Float64Array(buckets + 1); // the last slot is the bias
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= iterations; t++) {
    const grad = new Float64Array(w.length);
    for (const r of rows) {
      let z = w[buckets]!;
      for (const f of r.features) z += w[f.bucket]! * (f.value ?? 1);
      const g = sigmoid(z) - r.y;
      for (const f of r.features) grad[f.bucket]! += g * (f.value ?? 1);
      grad[buckets]! += g;
    }
    for (let i = 0; i < w.length; i++) {
      const gi = grad[i]! / rows.length + (i < buckets ? l2 * w[i]! : 0);
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      w[i]! -= (rate * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
    }
  }
  const weights: Record<number, number> = {};
  for (let i = 0; i < buckets; i++) if (Math.abs(w[i]!) >= 0.002) weights[i] = Number(w[i]!.toFixed(3));
  return { bias: Number(w[buckets]!.toFixed(4)), weights };
}
