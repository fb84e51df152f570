// drizzle's query errors carry the query's parameters in their message: raw mail, tokens.
// Nothing of that may reach a log, a queue's failedReason or a terminal.

interface WithCause {
  message: string;
  code?: string;
  cause?: { message?: string; code?: string };
}

/** The error's message without query parameters; PostgreSQL's own message when there is one. */
export function safeErrorMessage(error: unknown): string {
  const e = error as WithCause;
  if (typeof e?.message !== 'string') return String(error);
  if (e.message.startsWith('Failed query:')) {
    const cause = e.cause?.message ?? 'query failed';
    return `database: ${cause}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
  }
  return e.message.length > 500 ? `${e.message.slice(0, 500)}…` : e.message;
}

/** PostgreSQL's SQLSTATE of a (wrapped) query error. */
export function sqlState(error: unknown): string | undefined {
  const e = error as WithCause;
  return e?.cause?.code ?? e?.code;
}
