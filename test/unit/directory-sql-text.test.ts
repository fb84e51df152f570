// The pieces of the sql directory that need no database: splitting RESET, reading Django sessions.
import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeDjangoSession } from '../../src/adapters/directory/django-sessions.ts';
import { splitStatements } from '../../src/adapters/directory/presets.ts';

describe('DIRECTORY_SQL_RESET is split on ; outside quoted strings', () => {
  test('statements, blanks and a trailing ; ', () => {
    expect(splitStatements(" update a set x = null where id = $1::int ;\n delete from b where note = 'a;b' ; ;")).toEqual([
      'update a set x = null where id = $1::int',
      "delete from b where note = 'a;b'",
    ]);
  });
});

describe('a Django session payload is read without the SECRET_KEY', () => {
  const session = { _auth_user_id: '42', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend' };
  const b64 = (bytes: Buffer) => bytes.toString('base64url');

  test('compressed (".": zlib) and plain signed payloads', () => {
    const json = Buffer.from(JSON.stringify(session));
    expect(decodeDjangoSession(`.${b64(deflateSync(json))}:1qZx:signature`)).toEqual(session);
    expect(decodeDjangoSession(`${b64(json)}:1qZx:signature`)).toEqual(session);
  });

  test('the pre-3.1 format base64("hash:json")', () => {
    expect(decodeDjangoSession(Buffer.from(`abc123:${JSON.stringify(session)}`).toString('base64'))).toEqual(session);
  });

  test('garbage and a zip bomb are no session', () => {
    expect(decodeDjangoSession('not a session')).toBeNull();
    expect(decodeDjangoSession(`.${b64(deflateSync(Buffer.from(JSON.stringify({ _auth_user_id: '42', pad: 'x'.repeat(4 << 20) }))))}:t:s`)).toBeNull();
  });
});
