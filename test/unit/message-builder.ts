// Builds an InboundMessage for core tests without going through MIME.

import type { InboundMessage } from '../../src/core/message.ts';

export function inbound(overrides: Partial<InboundMessage> & { headerLines?: Record<string, string> } = {}): InboundMessage {
  const { headerLines, ...rest } = overrides;
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headerLines ?? {})) headers[name.toLowerCase()] = [value];
  return {
    messageId: '<test@example.com>',
    inReplyTo: null,
    references: [],
    subject: '',
    from: [{ address: 'marie.dubois@lesamis.be', name: 'Marie Dubois' }],
    fromHeaderCount: 1,
    replyTo: [],
    sender: null,
    returnPath: 'marie.dubois@lesamis.be',
    headers,
    contentType: 'text/plain',
    text: '',
    htmlOnly: false,
    attachments: [],
    date: '2026-03-03T08:00:00.000Z',
    ...rest,
  };
}
