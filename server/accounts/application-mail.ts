// The e-mails an applicant for an entitled role gets: filed, granted, refused with the reason. Polish plain text,
// roles by their names (catalog/role-names.ts). Pure: the router sends them through the Mailer (mail.ts).
import { roleName } from '../catalog/role-names.ts';
import { describeDetails } from './entitled-roles.ts';
import type { RoleApplication } from './role-applications.ts';

export type ApplicationEvent = 'filed' | 'granted' | 'refused';

/** The e-mails an applicant gets: filed, granted, refused (Polish, plain text). */
export function applicationMail(a: Pick<RoleApplication, 'login' | 'role' | 'reason'> & Parameters<typeof describeDetails>[1], event: ApplicationEvent, accountUrl: string): { subject: string; text: string } {
  const name = roleName(a.role);
  const stated = describeDetails(a.role, a);
  switch (event) {
    case 'filed': return {
      subject: `SIP Poznań: wniosek o rolę „${name}” został złożony`,
      text: `Konto ${a.login} w SIP Poznań: przyjęliśmy wniosek o rolę „${name}” (${stated}).\n\nAdministrator sprawdzi dane i nada rolę albo odpowie z uzasadnieniem; powiadomimy Cię e-mailem. Do tego czasu konto działa z rolą „${roleName('klient')}”.\n\nStan wniosku: ${accountUrl}`,
    };
    case 'granted': return {
      subject: `SIP Poznań: przyznano rolę „${name}”`,
      text: `Konto ${a.login} w SIP Poznań ma teraz rolę „${name}” (${stated}).${a.reason ? `\n\nUwaga administratora: ${a.reason}` : ''}\n\nKlucze API wydane wcześniej zostały odwołane: utwórz nowy na stronie konta, jeśli go potrzebujesz.\n${accountUrl}`,
    };
    case 'refused': return {
      subject: `SIP Poznań: wniosek o rolę „${name}” odrzucony`,
      text: `Konto ${a.login} w SIP Poznań: administrator odrzucił wniosek o rolę „${name}” (${stated}).\n\nUzasadnienie: ${a.reason ?? ''}\n\nMożesz złożyć nowy wniosek z poprawionymi danymi: ${accountUrl}`,
    };
  }
}
