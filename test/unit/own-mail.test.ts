// Our own replies coming back (a redirect, a forwarding loop) are automatic mail even when a
// relay stripped Auto-Submitted: the loop marker or our Message-ID shape gives them away.
import { describe, expect, test } from 'vitest';
import { autoReplySigns } from '../../src/core/automatic-mail.ts';
import { classify } from '../../src/core/classify.ts';
import { ourMessageId } from '../../src/core/message-id.ts';
import { inbound } from './message-builder.ts';

const ACK = 'Hello,\n\nWe received your request to reset the two-factor authentication (2FA) of your account. I lost my phone.\n';
const sign = (data: string) => Buffer.from(data).toString('hex').padEnd(64, '0');

describe('our own mail', () => {
  test('the loop marker is a strong automatic sign', () => {
    const message = inbound({ subject: '[REC-2026-000001] Your 2FA reset request', text: ACK, headerLines: { 'X-Recovery-Desk-Loop': 'support@bpart.be' } });
    expect(autoReplySigns(message, ACK).strong).toContain('header:loop-marker');
    expect(classify(message, ACK).kind).toBe('auto_reply');
  });

  test('our Message-ID shape is a strong automatic sign, whatever the domain', () => {
    const messageId = ourMessageId('REC-2026-000001', 'AbC_d-1', 'bpart.be', sign);
    const message = inbound({ messageId, subject: 'Re: [REC-2026-000001] Your 2FA reset request', text: ACK });
    expect(autoReplySigns(message, ACK).strong).toContain('message-id:ours');
    expect(classify(message, ACK).kind).toBe('auto_reply');
    const none = ourMessageId(null, 'xyz', 'bpart.be', sign);
    expect(autoReplySigns(inbound({ messageId: none }), '').strong).toContain('message-id:ours');
  });

  test('a person replying to us (our id only in In-Reply-To) is not our own mail', () => {
    const inReplyTo = ourMessageId('REC-2026-000001', 'AbC_d-1', 'bpart.be', sign);
    const message = inbound({
      inReplyTo,
      references: [inReplyTo],
      messageId: '<CAF=abc@mail.gmail.com>',
      subject: 'Re: [REC-2026-000001] Your 2FA reset request',
      text: 'I lost my phone, please reset my 2FA.',
    });
    expect(autoReplySigns(message, message.text).strong).toEqual([]);
    expect(autoReplySigns(inbound({ messageId: '<rd.something@example.com>' }), '').strong).toEqual([]);
  });
});
