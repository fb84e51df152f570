// What the pipeline needs to know of sender authentication (SPEC §5); the adapter's
// verdict carries more evidence, which is stored as it is.
export interface AuthVerdict {
  authenticated: boolean;
  reason: string;
  authFrom?: { address: string }[] | null;
  evidence?: unknown;
}
