import { analyse } from '../core/analyse.ts';
import { parseMessage } from '../adapters/mail/parse.ts';
import { printJson, readInput } from './common.ts';

/** The SPEC §4 JSON for one message, touching no service. */
export async function inspectCommand(file: string): Promise<void> {
  const raw = await readInput(file);
  const analysis = analyse(await parseMessage(raw));
  printJson(analysis);
}
