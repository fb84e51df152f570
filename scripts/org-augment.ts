// Training copies of seen messages for the organisation chooser (scripts/org-compare.ts --augment; stop 27, measured and not
// kept): the message as a lower-case writer would have written it. Organisations are scored without case, so the label
// stays right.
import type { InboundMessage } from '../src/core/message.ts';
import { normalise } from './eval.ts';

export type Augment = 'none' | 'lower' | 'lines';

/**
 * A seen message as a lower-case writer would have written it, whose label stays right (organisations are scored without
 * case): 'lower' lower-cases the whole text and subject; 'lines' only the lines that hold the labelled organisation (a
 * name written in lower case in a sentence or a signature of an otherwise cased mail).
 */
export function lowerCased(message: InboundMessage, mode: Augment, right: readonly string[]): InboundMessage | null {
  if (mode === 'none' || right.length === 0) return null;
  if (mode === 'lower') return { ...message, text: message.text.toLowerCase(), subject: message.subject.toLowerCase() };
  let changed = false;
  const text = message.text
    .split('\n')
    .map((line) => {
      const holds = right.some((r) => normalise(line)!.includes(r));
      if (holds && line !== line.toLowerCase()) changed = true;
      return holds ? line.toLowerCase() : line;
    })
    .join('\n');
  return changed ? { ...message, text } : null;
}
