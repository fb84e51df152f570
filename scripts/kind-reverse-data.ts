// Exploration (stop 26): every labelled message that is not a judge, read by today's reader and by the rules alone, with the
// kind model's probability: cross-validated (by batch, 10 folds) on the seen set, fitted on the whole seen set for the rest.
// Writes JSON lines to stdout for the candidate tables.
import { readFileSync } from 'node:fs';
import { parseMessage } from '../src/adapters/mail/parse.ts';
import { analyse } from '../src/core/analyse.ts';
import { requestProbability } from '../src/core/kind-model.ts';
import { KIND_MODEL } from '../src/core/kind-weights.ts';
import { fitKind, kindExamples } from './fit-kind.ts';
import { isUnseen, labelledFiles, OWN_NAMES } from './eval.ts';

const JUDGES = /^..-(?:cu|cv|cw|cx|cy|cz|da|db)\d\d-/;
const files = labelledFiles().filter((f) => !JUDGES.test(f.split('/').pop()!));
const examples = await kindExamples(files, KIND_MODEL.features);
const seen = examples.filter((e) => !isUnseen(e.file));
const fold = (batch: string) => [...batch].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 10;
const p = new Map<string, number>();
for (let k = 0; k < 10; k++) {
  const model = fitKind(
    seen.filter((e) => fold(e.batch) !== k),
    KIND_MODEL.features,
  );
  for (const e of seen) if (fold(e.batch) === k && e.eligible) p.set(e.file, requestProbability(model, e.features));
}
const full = fitKind(seen, KIND_MODEL.features);
for (const e of examples) if (isUnseen(e.file) && e.eligible) p.set(e.file, requestProbability(full, e.features));
for (const [i, path] of files.entries()) {
  const e = examples[i]!;
  const message = await parseMessage(readFileSync(path));
  const today = analyse(message, { companyNames: OWN_NAMES });
  console.log(
    JSON.stringify({
      file: e.file,
      batch: e.batch,
      seen: !isUnseen(e.file),
      expected: e.expected,
      rules: e.rules,
      rulesReasons: e.reasons,
      today: today.kind,
      reasons: today.reasons,
      fields: today.fields,
      reply: /^\s*(re|antw|aw|sv)\s*:/i.test(message.subject) || Boolean(message.inReplyTo) || message.references.length > 0,
      subject: message.subject,
      p: p.get(e.file) ?? null,
      pCommitted: e.eligible ? requestProbability(KIND_MODEL, e.features) : null,
    }),
  );
}
