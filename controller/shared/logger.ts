import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Field names whose values are replaced before a log line is written, wherever they nest. */
const SECRET_KEYS = [
  'password',
  'pass',
  'token',
  'access_token',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'secret',
  'secrets',
  'auth',
];

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; defaults to stderr so stdout stays for plans and reports. */
  destination?: DestinationStream;
}

/**
 * The one place pino is configured: JSON lines with secrets redacted by key at any of the
 * first levels of nesting. Everything else receives a Logger as a parameter.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level: options.level ?? process.env.PANELOPS_LOG_LEVEL ?? 'warn',
      base: null,
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that writes nothing, for library callers and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
