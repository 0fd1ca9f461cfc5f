// JSON logs on stdout (one object a line), ready for any log shipper.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'sip-poznan', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
