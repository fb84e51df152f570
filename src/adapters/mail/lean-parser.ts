// mailparser's simpleParser, without keeping attachment contents: we only ever need an
// attachment's name, type and size (agents see attachments listed, never opened), so each one
// is counted as it streams by and dropped — a 25 MB attachment no longer sits in memory whole.
import { MailParser, type AttachmentStream, type MessageText, type ParsedMail } from 'mailparser';

export type LeanAttachment = { filename: string | undefined; contentType: string; size: number };
export type LeanMail = Omit<ParsedMail, 'attachments'> & { attachments: LeanAttachment[] };

const FEED_BYTES = 256 * 1024;
const ADDRESS_AND_ID_HEADERS = ['subject', 'references', 'date', 'to', 'from', 'cc', 'bcc', 'message-id', 'in-reply-to', 'reply-to'];

/**
 * mailparser reads every inline text part as message text, named files included (Apple Mail
 * attaches files with an inline disposition). A part with a file name is a file, which anyone
 * may have written: listed as an attachment, never read as the writer's own text (SPEC §4).
 */
type SplitNode = { filename?: string; contentType?: string; root?: boolean; parentNode?: SplitNode | false };

/**
 * Everything inside a multipart/digest is a collection of other people's messages (RFC 2046
 * §5.1.5: a part without Content-Type is message/rfc822 there; mailsplit reads it as
 * text/plain). Everything inside a multipart/report below the top is a delivery report passed on
 * (a bounce, or a fake one Eve sent the holder, forwarded as it came): its text is the reporting
 * machine's, or Eve's. Listed as attachments, never the writer's text, whatever a part declares.
 * A report at the top is the message itself: a bounce, read as one.
 */
function insideOthersMail(node: SplitNode): boolean {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) {
    if (parent.contentType === 'multipart/digest') return true;
    if (parent.contentType === 'multipart/report' && !parent.root) return true;
  }
  return false;
}

class FileAwareParser extends MailParser {
  createNode(node: SplitNode): { isAttachment?: boolean } {
    const created = (MailParser.prototype as unknown as { createNode(n: unknown): { isAttachment?: boolean } }).createNode.call(this, node);
    if ((node.filename || insideOthersMail(node)) && created.isAttachment === false) created.isAttachment = true;
    return created;
  }
}

export function leanParse(input: Buffer, options: ConstructorParameters<typeof MailParser>[0]): Promise<LeanMail> {
  return new Promise((resolve, reject) => {
    const mail = { attachments: [] as LeanAttachment[] } as unknown as LeanMail & Record<string, unknown>;
    const parser = new FileAwareParser(options);
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(mail);
    };
    parser.on('error', (error: Error) => settle(error));
    parser.on('headers', (headers) => {
      mail.headers = headers;
      mail.headerLines = (parser as unknown as { headerLines: ParsedMail['headerLines'] }).headerLines;
    });
    let reading = false;
    const reader = (): void => {
      reading = true;
      const data = parser.read() as (AttachmentStream | MessageText) | null;
      if (data === null) {
        reading = false;
        return;
      }
      if (data.type === 'text') {
        for (const key of ['text', 'html', 'textAsHtml'] as const) if (data[key] !== undefined) mail[key] = data[key] as never;
        reader();
        return;
      }
      const attachment: LeanAttachment = { filename: data.filename, contentType: data.contentType, size: 0 };
      mail.attachments.push(attachment);
      data.content.on('data', (chunk: Buffer) => {
        attachment.size += chunk.length;
      });
      data.content.on('end', () => {
        data.release?.();
        reader();
      });
    };
    parser.on('readable', () => {
      if (!reading) reader();
    });
    parser.on('end', () => {
      for (const key of ADDRESS_AND_ID_HEADERS) {
        if (mail.headers?.has(key)) mail[key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = mail.headers.get(key) as never;
      }
      settle(null);
    });
    // Fed in slices, as it would stream from a socket: given whole, the parser splits all of a
    // 25 MB message into lines at once and holds them together (≈3× the message).
    let at = 0;
    const feed = (): void => {
      while (at < input.length) {
        const slice = input.subarray(at, at + FEED_BYTES);
        at += slice.length;
        if (!parser.write(slice)) {
          parser.once('drain', feed);
          return;
        }
      }
      parser.end();
    };
    feed();
  });
}
