// English reply templates.

import type { LanguageTemplates, TemplateInput } from './types.ts';

function confirmParagraphs(input: TemplateInput): string[] {
  if (!input.confirmUrl) return [];
  return [
    `To confirm that you made this request, open this link within 24 hours:\n${input.confirmUrl}`,
    'If you did not make this request, do not open the link: your account stays protected and nothing will change.',
  ];
}

/** The holder's "This wasn't me" link: what it does, in plain words. */
function disputeParagraphs(input: TemplateInput, done = false): string[] {
  if (!input.disputeUrl) return [];
  const does = done ? 'it alerts our team at once and locks email recovery for 30 days' : 'it stops the recovery and locks email recovery for 30 days';
  return [`If you did not ask for this, use this link: ${does}.\n${input.disputeUrl}`];
}

export const en: LanguageTemplates = {
  subjects: {
    acknowledgement: 'Your 2FA reset request',
    request_details: 'Your 2FA reset request: details needed',
    confirmation: 'Two-factor authentication removed from your account',
    rejection: 'Your 2FA reset request was not approved',
    wrong_address: 'Please write from the address linked to your account',
    approved_notice: 'Your 2FA reset request was approved',
  },
  fieldNames: {
    fullName: 'your full name (first name and last name)',
    organisation: 'the organisation you manage or represent',
    explanation: 'a short explanation of what happened (for example: phone lost, stolen, broken or replaced, or the authenticator app deleted)',
  },
  greeting: 'Hello,',
  referenceLine: (ref) => `Your reference: ${ref}. Please keep it in the subject of your replies.`,
  signOff: 'Kind regards,\nBpart support',
  bodies: {
    acknowledgement: (input) => [
      'We have received your request to reset two-factor authentication (2FA) on your Bpart account.',
      'A member of our support team will check it by hand. We will write to you at this address as soon as it has been handled.',
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    request_details: (input) => [
      'We have received your request to reset two-factor authentication (2FA) on your Bpart account.',
      `Before we can check it, we need the following details:\n${input.missing.map((f) => `- ${en.fieldNames[f]}`).join('\n')}`,
      'Please reply to this message with these details, from the email address linked to your Bpart account.',
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    confirmation: (input) => [
      'Two-factor authentication (2FA) has been removed from your Bpart account, as you asked. You can now sign in with your password.',
      'For your security, please turn two-factor authentication back on right away: sign in, open your account settings, choose Security, then Two-factor authentication, and scan the new QR code with your authenticator app.',
      ...disputeParagraphs(input, true),
    ],
    rejection: (input) => [
      'We could not approve your request to reset two-factor authentication (2FA) on your Bpart account.',
      ...(input.reason ? [`Reason given by our support team:\n${input.reason}`] : []),
      'Two-factor authentication stays active on your account. If you still need help, reply to this message.',
      ...disputeParagraphs(input),
    ],
    wrong_address: () => [
      'We received a message about two-factor authentication (2FA) from this email address.',
      'We can only act on such requests when they come from the email address linked to your Bpart account. Please write to us again from that address.',
      'If you did not write to us, you can ignore this message.',
    ],
    approved_notice: (input) => [
      'A member of our support team has approved your request to reset two-factor authentication (2FA) on your Bpart account.',
      'For your security, the reset will happen only after a waiting period. We will write to you again once it is done.',
      ...(input.cancelUrl ? [`To cancel this reset before it happens, use this link:\n${input.cancelUrl}`] : []),
      ...disputeParagraphs(input),
    ],
  },
};
