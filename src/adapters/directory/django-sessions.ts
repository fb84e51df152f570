// Revoking a Django user's sessions from SQL (the django-otp preset): django_session has no user
// column, and session_data is signed (not encrypted) and often zlib-compressed, so SQL alone
// cannot tell whose a session is. Its payload is read here without SECRET_KEY (rows in the
// table were written by Django itself) and the user's rows are deleted in the reset's transaction.
import { inflateSync } from 'node:zlib';
import type postgres from 'postgres';

/** The session dictionary of Django ≥ 3.1 ("[.]base64:timestamp:signature") or the legacy base64("hash:json"). */
export function decodeDjangoSession(data: string): Record<string, unknown> | null {
  try {
    const payload = data.split(':')[0] ?? '';
    const compressed = payload.startsWith('.');
    const bytes = Buffer.from(compressed ? payload.slice(1) : payload, 'base64url');
    const json = compressed ? inflateSync(bytes, { maxOutputLength: 1 << 20 }).toString('utf8') : bytes.toString('utf8');
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    try {
      const legacy = Buffer.from(data, 'base64').toString('utf8');
      return JSON.parse(legacy.slice(legacy.indexOf(':') + 1)) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
}

export const DJANGO_SESSIONS_QUERY = 'select session_key, session_data from django_session';

/** Deletes every stored session of the user (SESSION_ENGINE db; cached_db caches are not reached). */
export async function revokeDjangoSessions(tx: postgres.TransactionSql, userId: string): Promise<number> {
  const rows = await tx.unsafe<{ session_key: string; session_data: string }[]>(DJANGO_SESSIONS_QUERY);
  const keys = rows.filter((row) => String(decodeDjangoSession(row.session_data)?._auth_user_id ?? '') === userId).map((row) => row.session_key);
  if (keys.length > 0) await tx.unsafe('delete from django_session where session_key = any($1::text[])', [keys]);
  return keys.length;
}
