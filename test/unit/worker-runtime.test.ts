import { describe, expect, it } from 'vitest';
import { MAIL_PROCESS_ENV, MAIL_PROCESS_NODE_FLAGS, missingSettings } from '../../src/worker-runtime.ts';

describe('the mail commands memory settings (worker-runtime.ts)', () => {
  it('asks for every setting for worker and start when none is given', () => {
    for (const command of ['worker', 'start']) {
      expect(missingSettings(command, {}, [])).toEqual({ env: { ...MAIL_PROCESS_ENV }, flags: [...MAIL_PROCESS_NODE_FLAGS] });
    }
  });

  it('asks for nothing for a command that reads no mail', () => {
    for (const command of ['web', 'migrate', 'inspect', 'tickets', undefined]) expect(missingSettings(command, {}, [])).toEqual({ env: {}, flags: [] });
  });

  it("keeps an operator's values: environment, NODE_OPTIONS or the command line, either spelling of a flag", () => {
    expect(missingSettings('worker', { MALLOC_ARENA_MAX: '4' }, []).env).toEqual({ MALLOC_MMAP_THRESHOLD_: '262144' });
    expect(missingSettings('worker', { NODE_OPTIONS: '--max-old-space-size=512' }, []).flags).toEqual(['--max-semi-space-size=8']);
    expect(missingSettings('worker', {}, ['--max_semi_space_size=16']).flags).toEqual(['--max-old-space-size=192']);
    expect(missingSettings('worker', {}, ['--max-semi-space-size', '16', '--max-old-space-size=128']).flags).toEqual([]);
    // Another flag that merely starts the same is not the same flag.
    expect(missingSettings('worker', { NODE_OPTIONS: '--max-old-space-size-extra=1' }, []).flags).toContain('--max-old-space-size=192');
  });

  it('asks for nothing once everything is set (the replaced process)', () => {
    const env = { ...MAIL_PROCESS_ENV, NODE_OPTIONS: MAIL_PROCESS_NODE_FLAGS.join(' ') };
    expect(missingSettings('worker', env, [])).toEqual({ env: {}, flags: [] });
  });
});
