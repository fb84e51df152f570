// DIRECTORY_SQL_PRESET: the FIND and RESET queries of documented schemas (README, "Account directory").
import type postgres from 'postgres';
import { DJANGO_SESSIONS_QUERY, revokeDjangoSessions } from './django-sessions.ts';

export interface SqlPreset {
  find: string;
  reset: string;
  /** Whether RESET logs the user out everywhere (reported in ResetReport.sessionsRevoked). */
  sessionsRevoked: boolean;
  /** Runs after RESET in its transaction (what SQL text alone cannot do), and the query check() describes for it. */
  afterReset?: { run: (tx: postgres.TransactionSql, id: string) => Promise<unknown>; checkQuery: string };
}

// django-otp (django_otp.plugins.otp_totp + otp_static) on django.contrib.auth's auth_user.
// Addresses compare with ASCII letters lower-cased on both sides (SPEC §5: nothing else folded).
// Sessions: django_session's data is signed and usually zlib-compressed, so SQL cannot tell whose
// they are: the user's rows are found by decoding them (django-sessions.ts) in the same transaction.
const ASCII_LOWER = `translate(u.email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

const DJANGO_OTP_FIND = `select u.id::text as id, u.email,
  nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') as full_name,
  coalesce((select array_agg(g.name order by g.name) from auth_user_groups ug join auth_group g on g.id = ug.group_id where ug.user_id = u.id), '{}') as organisations,
  exists (select 1 from otp_totp_totpdevice d where d.user_id = u.id and d.confirmed) as totp_enabled,
  md5(concat_ws('|', u.email,
    (select string_agg(d.id || ':' || d.confirmed, ',' order by d.id) from otp_totp_totpdevice d where d.user_id = u.id),
    (select string_agg(s.id || ':' || s.confirmed, ',' order by s.id) from otp_static_staticdevice s where s.user_id = u.id))) as version
from auth_user u
where ${ASCII_LOWER} = $1 and u.is_active`;

const DJANGO_OTP_RESET = `delete from otp_totp_totpdevice where user_id = $1::bigint;
delete from otp_static_statictoken where device_id in (select id from otp_static_staticdevice where user_id = $1::bigint);
delete from otp_static_staticdevice where user_id = $1::bigint`;

export const SQL_PRESETS: Record<'django-otp', SqlPreset> = {
  'django-otp': {
    find: DJANGO_OTP_FIND,
    reset: DJANGO_OTP_RESET,
    sessionsRevoked: true,
    afterReset: { run: revokeDjangoSessions, checkQuery: DJANGO_SESSIONS_QUERY },
  },
};

/** Splits RESET on `;` outside single-quoted strings; empty statements are dropped. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === "'") quoted = !quoted;
    if (char === ';' && !quoted) {
      statements.push(current);
      current = '';
    } else current += char;
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter(Boolean);
}
