// A small reader of the Dockerfile's instructions, enough to run its commands as the image
// would: continuation lines joined, comments dropped, JSON (exec form) arguments parsed.

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from = '', as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${upper} before the first FROM`);
    stage.instructions.push({ keyword: upper, args });
  }
  return stages;
}

export function last(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

/** The exec form (a JSON array): what Docker runs without a shell. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** HEALTHCHECK [--options] CMD ["..."]: the command, in exec form. */
export function healthcheckCommand(args: string): string[] {
  const match = /\bCMD\s+(\[.*\])\s*$/.exec(args);
  if (!match?.[1]) throw new Error(`HEALTHCHECK without an exec-form CMD: ${args}`);
  return execForm(match[1]);
}

/** ENV A=1 B="two words" (the key=value form; a double-quoted value loses its quotes, as Docker reads it). */
export function envValues(stage: Stage): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const [, key = '', value = ''] of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g))
      values[key] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  }
  return values;
}
