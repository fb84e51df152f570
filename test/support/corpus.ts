// The shared real-world corpus (../shared/corpus beside the checkout, SPEC §8), read as bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = [join(import.meta.dirname, '../../../shared/corpus'), '/work/shared/corpus'].find((dir) => existsSync(join(dir, 'MANIFEST.tsv')));

export interface CorpusRow {
  path: string;
  categories: string[];
  sha256: string;
  /** The message as stored, never decoded or normalised. */
  raw: Buffer;
}

function unescape(field: string): string {
  return field.replace(/\\([tnr\\])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

/** Every MANIFEST.tsv row with its message's bytes. */
export function corpusManifest(): CorpusRow[] {
  if (!CORPUS) throw new Error('the shared corpus must sit beside the checkout (../shared/corpus)');
  const [header, ...lines] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const columns = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t').map(unescape);
    const get = (name: string) => cells[columns.indexOf(name)] ?? '';
    return { path: get('path'), categories: get('category').split(','), sha256: get('sha256'), raw: readFileSync(join(CORPUS, get('path'))) };
  });
}
