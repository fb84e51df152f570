// The layers' import rules (README, Architecture), checked on the source text: SQL lives in
// src/adapters/db/ repositories, and src/core/ imports nothing outside src/core/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Files not yet moved to the rule: each entry is one line to remove when its change lands. */
const SQL_ALLOWED_OUTSIDE_DB = new Set<string>([]);

/** Pure computation libraries core/ may use (no IO, no clock, no adapter types); anything else is refused. */
const PURE_PACKAGES_IN_CORE = new Set(['node:url', 'franc-min', 'email-reply-parser']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path, name: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
  ];
  return specifiers.map((m) => m[1]!);
}

/** Whether the file writes SQL: a drizzle-orm import, or a sql`` / .sql`` tagged template. */
export function sqlIn(text: string): string[] {
  const found: string[] = [];
  if (importsOf(text).some((s) => s === 'drizzle-orm' || s.startsWith('drizzle-orm/'))) found.push('imports drizzle-orm');
  if (/\bsql\s*`/.test(text)) found.push('writes sql``');
  if (/adapters\/db\/schema\//.test(text)) found.push('imports the db schema');
  return found;
}

describe('layering', () => {
  test('the source tree was read', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.name.startsWith('src/core/'))).toBe(true);
  });

  test('SQL lives in src/adapters/db/: no other file imports drizzle-orm, the schema, or writes sql``', () => {
    const offenders = files
      .filter((f) => !f.name.startsWith('src/adapters/db/') && !SQL_ALLOWED_OUTSIDE_DB.has(f.name))
      .flatMap((f) => sqlIn(f.text).map((why) => `${f.name}: ${why}`));
    expect(offenders).toEqual([]);
  });

  test('the allowlist holds only files that still need it', () => {
    const stale = [...SQL_ALLOWED_OUTSIDE_DB].filter((name) => {
      const file = files.find((f) => f.name === name);
      return !file || sqlIn(file.text).length === 0;
    });
    expect(stale).toEqual([]);
  });

  test('src/core/ imports nothing outside src/core/ but a few pure libraries', () => {
    const offenders = files
      .filter((f) => f.name.startsWith('src/core/'))
      .flatMap((f) =>
        importsOf(f.text)
          .filter((s) => (s.startsWith('.') ? !resolve(dirname(f.path), s).startsWith(join(SRC, 'core') + '/') : !PURE_PACKAGES_IN_CORE.has(s)))
          .map((s) => `${f.name} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  test('src/core/ and src/steps/ import each other in one direction only (no import cycles)', () => {
    const inScope = (name: string) => name.startsWith('src/core/') || name.startsWith('src/steps/');
    const edges = new Map(
      files
        .filter((f) => inScope(f.name))
        .map((f) => [
          f.name,
          importsOf(f.text)
            .filter((s) => s.startsWith('.'))
            .map((s) =>
              relative(ROOT, resolve(dirname(f.path), s))
                .split('\\')
                .join('/'),
            )
            .filter(inScope),
        ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (name: string, path: string[]) => {
      state.set(name, 'open');
      for (const next of edges.get(name) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(name, 'done');
    };
    for (const name of edges.keys()) if (!state.has(name)) visit(name, [name]);
    expect(cycles).toEqual([]);
  });

  test('the checks catch what they are meant to', () => {
    expect(sqlIn("import { eq } from 'drizzle-orm';")).toEqual(['imports drizzle-orm']);
    expect(sqlIn('await db.execute(sql`select 1`);')).toEqual(['writes sql``']);
    expect(sqlIn("import { tickets } from '../adapters/db/schema/index.ts';")).toEqual(['imports the db schema']);
    expect(importsOf("import type { X } from '../steps/x.ts';\nexport * from './y.ts';")).toEqual(['../steps/x.ts', './y.ts']);
  });
});
