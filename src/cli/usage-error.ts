/** A mistake in how the command was called: exit code 2 and a message that says what to do. */
export class UsageError extends Error {
  readonly code = 'cli.usage';
}
