// The command line's text for an operator's terminal (stop 24, src/cli/terminal.ts).
import { describe, expect, test } from 'vitest';
import { terminalJson, terminalText } from '../../src/cli/terminal.ts';

describe('terminalText', () => {
  test('controls but the line feed, and invisible format characters, are shown as code points', () => {
    expect(terminalText('a\u001b[2Kb\u009b2J\u0007\r\t\u007f\u202e\u200b\u{e0041}\nnext')).toBe(
      'a[U+001B][2Kb[U+009B]2J[U+0007][U+000D][U+0009][U+007F][U+202E][U+200B][U+E0041]\nnext',
    );
  });
  test('control: other scripts, accents and emoji are written as they are', () => {
    expect(terminalText('Zoë Ḿartin · Ελένη SRL 🙂\n')).toBe('Zoë Ḿartin · Ελένη SRL 🙂\n');
  });
});

describe('terminalJson', () => {
  test('the same JSON value, with no character a terminal obeys', () => {
    const value = { org: 'Good\u009b2K\u202e SRL', tag: 'x\u{e0041}', esc: '\u001b]52;c;AA==\u0007', plain: 'Ελένη 🙂' };
    const json = terminalJson(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u);
    expect(JSON.parse(json)).toEqual(value);
    expect(json).toContain('Ελένη 🙂');
  });
});
