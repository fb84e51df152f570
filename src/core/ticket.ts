// The shapes of a ticket's JSON columns, typed once (the schema declares its columns with them).
import type { DirectoryKind } from './directory.ts';
import type { Likeness } from './match-account.ts';
import type { ExtractedFields, FieldName } from './message.ts';
import type { OnFileNamed } from './on-file-named.ts';

/** What the requester stated, field by field (null when not found). */
export type TicketFields = ExtractedFields;

/** The passage of the message each field was read from, for the agent to check. */
export type TicketSnippets = Partial<Record<FieldName, string>>;

/**
 * What the pipeline observed about the ticket's requests. Every key is optional: rows written
 * before a key existed lack it, and readers fall back (no flags, not authenticated…).
 */
export type TicketSignals = {
  senderAuthenticated?: boolean;
  authReason?: string;
  nameMatch?: Likeness | null;
  organisationMatch?: Likeness | null;
  flags?: string[];
  emailChangedRecently?: boolean;
  /** Refs of the account's earlier tickets when this one opened. */
  earlierTickets?: string[];
  recoveryLocked?: boolean;
  /** Why no automatic answer may be sent, or null. */
  noAutoAnswer?: string | null;
  /** Every message merged into the ticket, the opening one included (part of the evidence). */
  mergedMessageIds?: number[];
  unmatchedReason?: string;
  /** The account as the directory described it when the message was processed (part of the evidence). */
  onFile?: OnFile;
  /**
   * Which of the account's organisations, and whether the holder's name, the writer's own text
   * names, with the passage (issue 14): a hint beside "on file", whatever the fields read.
   */
  onFileNamed?: OnFileNamed;
  /** When the holder last wrote about the ticket after it was complete (ISO instant). */
  holderWroteAgainAt?: string;
};

/** The directory's profile of the account at processing time (SPEC §9). */
export interface OnFile {
  directory: DirectoryKind;
  id: string;
  email: string;
  fullName: string | null;
  organisations: string[];
  totpEnabled: boolean;
  version: string | null;
}

/** The signals as the CLI and the console show them: the usual keys always there. */
export type ShownSignals = Omit<TicketSignals, 'senderAuthenticated' | 'authReason' | 'nameMatch' | 'organisationMatch' | 'flags'> & {
  senderAuthenticated: boolean;
  authReason: string | null;
  nameMatch: Likeness | null;
  organisationMatch: Likeness | null;
  flags: string[];
};

export function shownSignals(signals: TicketSignals): ShownSignals {
  return {
    senderAuthenticated: Boolean(signals.senderAuthenticated),
    authReason: signals.authReason ?? null,
    nameMatch: signals.nameMatch ?? null,
    organisationMatch: signals.organisationMatch ?? null,
    flags: signals.flags ?? [],
    ...signals,
  };
}

/** The signals with these flags added once each, in order. */
export function withFlags(signals: TicketSignals, ...flags: string[]): TicketSignals {
  return { ...signals, flags: [...new Set([...(signals.flags ?? []), ...flags])] };
}
