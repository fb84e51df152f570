// Learned word and character features of an organisation candidate, hashed into a fixed number of
// buckets: the candidate's words, the endings of its words (-iste, -ect, -eur, -aris: a profession;
// -club, -kring, -school: a body), the shape of its tokens (capitals, digits, colons) and the first
// word of the line it was read in. The scorer learns their weights from the labelled mail
// (scripts/fit-reader.ts), strongly regularised, instead of a word list written by hand.

import { hashBucket } from '../hashed-logistic.ts';
import { fold } from '../text-tools.ts';

export const HASH_BUCKETS = 1024;

const bucket = (s: string): number => hashBucket(s, HASH_BUCKETS);

function shape(token: string): string {
  return token
    .replace(/\p{Lu}+/gu, 'A')
    .replace(/\p{Ll}+/gu, 'a')
    .replace(/\d+/g, '9')
    .slice(0, 6);
}

/** The buckets a candidate's words, word endings and token shapes fall in (each once). */
export function hashedFeatures(value: string, snippet: string): number[] {
  const raw = value.split(/\s+/).filter(Boolean);
  const words = raw.map((t) => fold(t).replace(/[^a-z0-9&']/g, '')).filter(Boolean);
  const keys: string[] = [];
  for (const w of words) {
    keys.push(`w:${w}`);
    if (w.length >= 5) keys.push(`s3:${w.slice(-3)}`, `s4:${w.slice(-4)}`);
  }
  if (words.length === 1) keys.push(`one:${words[0]!.slice(-4)}`);
  keys.push(`shape:${raw.slice(0, 3).map(shape).join(' ')}`);
  const line = snippet.trim();
  keys.push(`whole:${fold(line) === fold(value.trim()) ? 1 : 0}`);
  const first = fold(line.split(/\s+/)[0] ?? '').replace(/[^a-z0-9]/g, '');
  if (first) keys.push(`lead:${first}`);
  if (/\d/.test(value)) keys.push('digit');
  if (/:/.test(line)) keys.push('colon');
  return [...new Set(keys.map(bucket))];
}
