// Imported first by cli.ts, before any other module loads: a command that reads mail gets its memory settings
// (worker-runtime.ts), replacing the process if it must, before it has done anything.
import { ensureMailProcessSettings } from '../worker-runtime.ts';

ensureMailProcessSettings();
