// The logger's redaction, done once per line instead of by pino's `redact` option. With pino 10
// that option (@pinojs/redact) runs every top-level value of every line — strings and numbers
// too — through a function that parses each of its path strings anew on each call: ~28 KiB
// allocated per message on the worker's main thread (5% of all it allocated in the burst) for
// lines that hold no secret. Same rule, same output (`test/unit/log-redaction.test.ts` logs a mix
// through both and compares the lines):
// - a top-level key in TOP is replaced by the censor, whatever its value;
// - any other top-level object value (after its serializer: the `err` serializer is wrapped
//   below) gets a shallow copy whose own property named in NESTED is replaced, one level down.
// Values are never changed in place: the copy is made only when there is something to replace.
// Objects interpolated into a message string (`%o`, `%j`) are not redacted: nothing here logs so.
import pino from 'pino';

export const CENSOR = '[redacted]';
/** pino's former `redact.paths`, as the two sets they were: top-level keys and `*.key`. */
export const REDACTED_PATHS = [
  '*.totpSecret',
  '*.password',
  '*.token',
  '*.code',
  '*.raw',
  '*.body',
  '*.text',
  'totpSecret',
  'password',
  'token',
  'code',
  '*.secret',
  'secret',
  '*.DIRECTORY_HTTP_SECRET',
];
const TOP = new Set(REDACTED_PATHS.filter((path) => !path.startsWith('*.')));
const NESTED = REDACTED_PATHS.filter((path) => path.startsWith('*.')).map((path) => path.slice(2));
const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;

/** One level down: a copy of `value` with its own NESTED properties censored, or `value` itself. */
function redactValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return value;
  let copy: Record<string, unknown> | null = null;
  for (const key of NESTED) {
    if (!isEnumerable.call(value, key)) continue; // own and enumerable, as pino's copy held
    if (copy === null) {
      copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
      for (const own in value) if (hasOwn.call(value, own)) copy[own] = (value as Record<string, unknown>)[own];
    }
    copy[key] = CENSOR;
  }
  return copy ?? value;
}

/** A line's object (or a child's bindings): the same object when nothing is to be censored. */
function redactObject(object: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key in object) {
    if (!hasOwn.call(object, key) || key === 'err') continue; // err: its serializer redacts
    const value = object[key];
    if (value === undefined || typeof value === 'function') continue;
    const redacted = TOP.has(key) ? CENSOR : redactValue(value);
    if (redacted === value) continue;
    out ??= { ...object };
    out[key] = redacted;
  }
  return out ?? object;
}

/** The pino options that replace `redact`: formatters for a line's object and for the base bindings, and the err serializer. */
export const redaction = {
  formatters: { log: redactObject, bindings: redactObject },
  serializers: { err: (error: unknown) => redactValue(pino.stdSerializers.err(error as Error)) },
} satisfies Pick<pino.LoggerOptions, 'formatters' | 'serializers'>;

/**
 * A logger made with `redaction`, whose children redact their bindings too: pino gives a child
 * made without options the identity bindings formatter, so `child` is wrapped on the root (its
 * descendants inherit it). Returns the logger itself.
 */
export function redactingChildren<T extends pino.Logger>(logger: T): T {
  const child = logger.child as unknown as (this: unknown, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => unknown;
  Object.defineProperty(logger, 'child', {
    value: function (this: unknown, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) {
      return child.call(this, redactObject(bindings), options);
    },
    writable: true,
    configurable: true,
  });
  return logger;
}
