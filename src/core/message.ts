// What the rest of the code sees of an email. Built from the raw bytes by
// adapters/mail/parse.ts; everything in core/ works on this shape only.

export interface Mailbox {
  /** Address as written, ASCII A-Z lower-cased (nothing else folded). */
  address: string;
  /** Display name, or null when there is none. */
  name: string | null;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface InboundMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  /** Every mailbox of every From line (identity needs exactly one). */
  from: Mailbox[];
  /** How many From header lines the message has. */
  fromHeaderCount: number;
  replyTo: Mailbox[];
  sender: Mailbox | null;
  /** Return-Path / envelope sender; '' for a null return path (<>), null when absent. */
  returnPath: string | null;
  /** Header name (lower-cased) → every value, unfolded, decoded to text. */
  headers: Record<string, string[]>;
  /** Top-level MIME type, lower-cased, e.g. "multipart/report". */
  contentType: string;
  /** The body as plain text (text/plain, or HTML converted to text). */
  text: string;
  /** True when the message had HTML but no text/plain part. */
  htmlOnly: boolean;
  attachments: AttachmentInfo[];
  date: string | null;
}

export type MessageKind = 'recovery_request' | 'other' | 'auto_reply' | 'bounce';
export type Language = 'fr' | 'nl' | 'en';
export type FieldName = 'fullName' | 'organisation' | 'explanation';
export const FIELD_NAMES: readonly FieldName[] = ['fullName', 'organisation', 'explanation'];

export interface ExtractedFields {
  fullName: string | null;
  organisation: string | null;
  explanation: string | null;
}

export function headerValue(message: InboundMessage, name: string): string | null {
  return message.headers[name.toLowerCase()]?.[0] ?? null;
}
