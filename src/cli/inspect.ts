import { analyse } from '../core/analyse.ts';
import { parseMessage } from '../adapters/mail/parse.ts';
import { printJson, readInput } from './common.ts';
import { companyNames, inspectConfig } from '../config.ts';

/** The SPEC §4 JSON for one message, touching no service. */
export async function inspectCommand(file: string): Promise<void> {
  const raw = await readInput(file);
  // The configuration is read for COMPANY_NAMES only; an invalid variable elsewhere is no reason to refuse.
  const { config } = inspectConfig(process.env);
  const analysis = analyse(await parseMessage(raw), { companyNames: companyNames(config) });
  printJson(analysis);
}
