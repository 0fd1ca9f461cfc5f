// JSON logs on stdout (one object a line), ready for any log shipper.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'sip-poznan' }, timestamp: pino.stdTimeFunctions.isoTime });
}
