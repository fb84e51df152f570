// Counts the PostgreSQL statements the app sends (postgres.js's debug hook, through
// createTestEnv's `onStatement`): what one message costs in round trips, per path.
export interface StatementCount {
  /** Every statement sent, BEGIN and COMMIT included. */
  statements: number;
  /** Transactions opened (BEGIN). */
  transactions: number;
  /** The statements' text, in order (for a failing test's message). */
  texts: string[];
}

export interface StatementCounter {
  onStatement(query: string): void;
  /** Counts what `work` sends (nothing else may use the connection meanwhile). */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; count: StatementCount }>;
}

export function statementCounter(): StatementCounter {
  let texts: string[] | null = null;
  return {
    onStatement(query) {
      // postgres.js reads the array types once per new connection: not a cost of the message.
      if (/from pg_catalog\.pg_type/i.test(query)) return;
      texts?.push(query.replace(/\s+/g, ' ').trim());
    },
    async measure(work) {
      texts = [];
      try {
        const result = await work();
        const seen = texts;
        return { result, count: { statements: seen.length, transactions: seen.filter((q) => /^begin\b/i.test(q)).length, texts: seen } };
      } finally {
        texts = null;
      }
    },
  };
}
