// The account directory (SPEC §9): where the accounts really live. One port, three kinds
// (builtin, sql, http); matching, the signals "on file", the evidence and the reset go through it.
// Pure types and decisions only: the implementations are in src/adapters/directory/.

export type DirectoryKind = 'builtin' | 'sql' | 'http';

/** What a directory knows of one account. `id` and `version` are opaque strings. */
export interface DirectoryAccount {
  id: string;
  email: string;
  fullName: string | null;
  organisations: string[];
  totpEnabled: boolean;
  /** Changes whenever the account changes (email, 2FA enrolment…); null when the directory keeps none. */
  version: string | null;
}

/** A find is never "the first hit": several accounts sharing an address is its own answer. */
export type FindResult = { kind: 'none' } | { kind: 'one'; account: DirectoryAccount } | { kind: 'ambiguous'; count: number };

/** What the directory reports of a reset of the second factor (idempotent under its key). */
export interface ResetReport {
  totpEnabled: boolean;
  recoveryCodesRemoved: boolean;
  sessionsRevoked: boolean;
}

export interface AccountDirectory {
  readonly kind: DirectoryKind;
  /** `email` is the address as matched in SPEC §5 (ASCII letters lower-cased, domain in ASCII). */
  find(email: string): Promise<FindResult>;
  /** Removes TOTP and recovery codes, revokes sessions, requires re-enrolment; safe to repeat. */
  resetSecondFactor(account: DirectoryAccount, idempotencyKey: string): Promise<ResetReport>;
  /** Checks the configuration against the real directory (queries, columns, reachability); throws a clear error naming the variable. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** The answer of a find as the CLI's `directory check` prints it (SPEC §7.1). */
export function describeFind(kind: DirectoryKind, found: FindResult) {
  if (found.kind === 'one') {
    const { id, email, fullName, organisations, totpEnabled } = found.account;
    return { directory: kind, result: 'one' as const, account: { id, email, fullName, organisations, totpEnabled } };
  }
  return { directory: kind, result: found.kind };
}
