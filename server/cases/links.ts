// Permalinks to a case (pure; the server's e-mails and back office write them, the client reads them). A case opens
// in the portal of its users with its panel open and the map fitted to its area: /portal/{portal}#sprawa={id}. The
// key is the case's id (a UUID, the same one its API address carries): it never changes, a typo in it finds nothing
// rather than someone else's case, and the fragment is not sent to the server, so the link by itself reveals nothing;
// whether the person opening it may see the case is the API's decision (the case's owner, an invited party, the
// office's staff — anyone else is told that the case is not theirs and gets no data).
export type CaseKind = 'zgloszenie' | 'koordynacja';

/** The portal a case opens in for each kind and audience (catalog/portals.ts ids). */
export const CASE_PORTAL = {
  /** Survey-work notifications: the surveyors' portal (Portal Geodety). */
  zgloszenie: 'geodeci',
  /** Coordination cases: the designers' portal; the utility firms open the same case in theirs. */
  koordynacja: 'projektanci',
  koordynacjaGestor: 'branzysci',
} as const;
export type CasePortal = (typeof CASE_PORTAL)[keyof typeof CASE_PORTAL];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The fragment parameter that names the open case. */
export const CASE_PARAM = 'sprawa';

/** The path of a case's permalink (prefix the service's base URL for an e-mail). */
export function casePath(portal: CasePortal, id: string): string {
  if (!UUID.test(id)) throw new RangeError(`not a case id: ${id}`);
  return `/portal/${portal}#${CASE_PARAM}=${id}`;
}

/** The absolute permalink: the service's base URL (PUBLIC_URL or the request's own) and the path. */
export function caseUrl(base: string, portal: CasePortal, id: string): string {
  return `${base.replace(/\/+$/, '')}${casePath(portal, id)}`;
}

/** The case id of a URL fragment (#sprawa=…, among other fragment parameters), if it is one. */
export function caseOfFragment(hash: string): string | undefined {
  const v = new URLSearchParams(hash.replace(/^#/, '')).get(CASE_PARAM)?.toLowerCase();
  return v && UUID.test(v) ? v : undefined;
}
