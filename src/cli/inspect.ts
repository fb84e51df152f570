import { analyse, type Analysis } from '../core/analyse.ts';
import { parseMessage } from '../adapters/mail/parse.ts';
import { printJson, readInput } from './common.ts';
import { companyNames, inspectConfig } from '../config.ts';
import { printText } from './terminal.ts';
import { EXPLANATION_COMBINATION } from '../core/explanation-weights.ts';

/** The SPEC §4 JSON for one message, touching no service; with --explain, how each field was chosen. */
export async function inspectCommand(file: string, options: { explain?: boolean } = {}): Promise<void> {
  const raw = await readInput(file);
  // The configuration is read for COMPANY_NAMES only; an invalid variable elsewhere is no reason to refuse.
  const { config } = inspectConfig(process.env);
  const analysis = analyse(await parseMessage(raw), { companyNames: companyNames(config), explain: Boolean(options.explain) });
  if (!options.explain) return printJson(analysis);
  printText(renderExplanation(analysis));
}

const show = (value: string | null) => (value === null ? 'none' : JSON.stringify(value));

/** Per field: the candidates considered (source, features, score), the rule that chose, why the others were refused. */
export function renderExplanation(analysis: Analysis): string {
  const out: string[] = [];
  out.push(`kind: ${analysis.kind} (${analysis.reasons.join(', ') || 'no reason recorded'})`);
  const model = analysis.kindModel;
  if (model) {
    const role = model.overrode
      ? `overrode the rules' ${model.rules}`
      : model.rules === analysis.kind
        ? `rules: ${model.rules}`
        : `rules: ${model.rules}, then replies`;
    out.push(`  learned model: p(recovery_request) ${model.probability.toFixed(2)} (${role})`);
    for (const f of model.top) out.push(`    ${f.contribution >= 0 ? '+' : '-'}${Math.abs(f.contribution).toFixed(2)} ${f.key}`);
  } else if (model === null) {
    out.push('  learned model: not read (machine-written or list mail: the rules alone)');
  }
  out.push(`language: ${analysis.language ?? 'none'}`);
  out.push(`missing: ${analysis.missing.length ? analysis.missing.join(', ') : 'none'}`);
  const explain = analysis.explain;
  if (!explain) {
    out.push('', `fields: not read (${analysis.kind}: machine-written mail has no writer's details)`);
    return `${out.join('\n')}\n`;
  }
  out.push('', `fullName: ${show(analysis.fields.fullName)}`, `  rule: ${explain.fullName.rule}`);
  for (const c of explain.fullName.considered) out.push(`  - ${JSON.stringify(c.value)} from ${c.source}${c.refused ? `: refused, ${c.refused}` : ': chosen'}`);
  // The general name generator's candidates and the learned chooser (name-learned.ts).
  if (analysis.nameModel) out.push(...chooserLines(analysis.nameModel, true));

  out.push('', `organisation: ${show(analysis.fields.organisation)}`, `  rule: ${explain.organisation.rule}`);
  if (explain.organisation.candidates.length === 0) out.push('  (no candidate in the text)');
  for (const c of explain.organisation.candidates) {
    const features = Object.entries(c.features)
      .filter(([name, v]) => v !== 0 && name !== 'bias')
      .map(([name, v]) => (v === 1 ? name : `${name}=${v.toFixed(2)}`))
      .join(' ');
    const score = c.score === undefined ? '' : ` score ${c.score.toFixed(2)}`;
    out.push(`  - ${JSON.stringify(c.value)} from ${c.sources.join('+')}${score}${c.refused ? `: refused, ${c.refused}` : ': chosen'}`);
    out.push(`      read in: ${JSON.stringify(c.snippet.length > 90 ? `${c.snippet.slice(0, 87)}…` : c.snippet)}`);
    if (features) out.push(`      features: ${features}`);
  }

  // The general generator's candidates and the learned chooser (org-learned.ts).
  if (analysis.organisationModel) out.push(...chooserLines(analysis.organisationModel, false));
  out.push('', `explanation: ${analysis.fields.explanation === null ? 'none' : 'present'}`, `  rule: ${explain.explanation.rule}`);
  // The learned reader (explanation-model.ts) is read only on a request whose rules read no explanation.
  const reader = analysis.explanationModel;
  if (reader) {
    const role = reader.decided ? 'decided: it supplied the explanation' : 'not decided';
    out.push(
      `  learned reader: p(explanation) ${reader.probability.toFixed(2)}, ${reader.decided ? 'beyond' : 'below'} the threshold ${EXPLANATION_COMBINATION.threshold}: ${role}; best sentence ${JSON.stringify(reader.value)}`,
    );
    for (const f of reader.top) out.push(`    ${f.contribution >= 0 ? '+' : '-'}${Math.abs(f.contribution).toFixed(2)} ${f.key}`);
  } else if (analysis.kind === 'recovery_request' && analysis.fields.explanation !== null) {
    out.push('  learned reader: not read (the rules read one: it never replaces theirs)');
  }
  if (explain.signature) {
    out.push('', `signature block${explain.signature.closed ? ' (after the closing)' : ' (the last lines; no closing)'}:`);
    for (const p of explain.signature.parts)
      out.push(
        `  line ${p.line + 1}: ${p.kind.padEnd(12)} ${JSON.stringify(p.text)}${p.organisation ? ` → organisation ${JSON.stringify(p.organisation)}` : ''}`,
      );
  }
  return `${out.join('\n')}\n`;
}

interface ChooserReading {
  decided: boolean;
  mayDecide: boolean;
  threshold: number;
  candidates: { value: string; sources: readonly string[]; probability?: number }[];
}

/** A learned chooser's reading (name or organisation): whether it could decide, and did, and its best candidates. */
function chooserLines(reading: ChooserReading, sayWhenNone: boolean): string[] {
  const role = reading.decided
    ? `decided: the rules read none on this request, its best candidate reached p ${reading.threshold}`
    : reading.mayDecide
      ? `did not decide: no candidate reached p ${reading.threshold}`
      : 'shown only: the rules read one, or this is no request';
  const lines = [`  learned chooser (${role}):`];
  if (sayWhenNone && reading.candidates.length === 0) lines.push('  (no candidate in the text)');
  for (const c of reading.candidates.slice(0, 8))
    lines.push(`  - ${JSON.stringify(c.value)} from ${c.sources.join('+')}${c.probability === undefined ? '' : ` p ${c.probability.toFixed(2)}`}`);
  return lines;
}
