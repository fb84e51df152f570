import { ConfigError } from '../config.ts';
import { isErrorCode } from '../core/errors.ts';
import { UsageError } from './usage-error.ts';

/**
 * An error the command explains itself: its message is printed as is and the exit code is 2.
 * Any other error is unexpected: a safe summary only (a query error's message holds its parameters).
 */
export function isKnownError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof UsageError || error instanceof ConfigError || isErrorCode(code) || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
}
