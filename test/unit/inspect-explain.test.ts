// `inspect --explain`: per field, the candidates, the rule that chose, and why the others were refused.
import { expect, test } from 'vitest';
import { analyse } from '../../src/core/analyse.ts';
import { renderExplanation } from '../../src/cli/inspect.ts';
import { inbound } from './message-builder.ts';

const council = inbound({
  from: [{ address: 'kristof.vandamme@zedelgem.be', name: 'Kristof Van Damme' }],
  subject: 'Geen toegang meer',
  text: 'Goedemorgen,\n\nMijn gsm is gestolen en de authenticator-app stond erop. Kunnen jullie mijn 2FA resetten?\n\nMet vriendelijke groeten,\n\nKristof Van Damme\nSchepen van Jeugd en Sport\nGemeente Zedelgem\nStationsstraat 7, 8210 Zedelgem\nT 050 28 83 30\n',
});

test('a refused role candidate is shown with its reason, beside the chosen organisation and the signature lines', () => {
  const text = renderExplanation(analyse(council, { companyNames: ['bpart'], explain: true }));
  expect(text).toContain('organisation: "Gemeente Zedelgem"');
  expect(text).toMatch(/- "Schepen van Jeugd en Sport" from block-role: refused, a role or job title, not an organisation/);
  expect(text).toMatch(/- "Gemeente Zedelgem" from [a-z+-]+ score \d\.\d\d: chosen/);
  expect(text).toMatch(/line 2: role +"Schepen van Jeugd en Sport"/);
  expect(text).toMatch(/line 5: phone +"T 050 28 83 30"/);
});

test('our own company name is refused as such, and the reading stays the same without --explain', () => {
  const ours = inbound({ subject: '2FA', text: 'My phone was stolen, please reset my 2FA.\n\nRegards,\nTom Baker\nBpart admin, Riverside Rowing Club\n' });
  const explained = analyse(ours, { companyNames: ['bpart'], explain: true });
  expect(renderExplanation(explained)).toMatch(/"Bpart admin" from [a-z+-]+: refused, (our own company name|a role)/);
  const plain = analyse(ours, { companyNames: ['bpart'] });
  expect(plain.fields).toEqual(explained.fields);
  expect(plain).not.toHaveProperty('explain');
});
