// Delivery of e-mails to users (password reset links). There is no mail server in this deployment yet:
// - MAIL_OUTBOX_DIR set: each message is written there as an .eml file (development and tests read it);
// - otherwise, outside production, the link is written to the log (LOG_RESET_LINKS=false turns it off);
// - production: implement Mailer with the city's SMTP relay (e.g. nodemailer) and pass it to portalRouter.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { SecurityConfig } from '../config.ts';

export interface MailMessage { to: string; subject: string; text: string; link?: string }

export interface Mailer { send(message: MailMessage): Promise<void> }

export function defaultMailer(config: SecurityConfig, log: Logger): Mailer {
  return {
    async send(m) {
      if (config.mailOutboxDir) {
        mkdirSync(config.mailOutboxDir, { recursive: true });
        const file = path.join(config.mailOutboxDir, `${Date.now()}-${randomUUID()}.eml`);
        writeFileSync(file, `To: ${m.to}\r\nSubject: ${m.subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${m.text}\r\n`, { mode: 0o600 });
        return;
      }
      if (config.logResetLinks) log.warn({ to: m.to, link: m.link }, 'no mail delivery configured (development): the message link is logged');
      else log.error({ subject: m.subject }, 'no mail delivery configured: message not sent');
    },
  };
}
