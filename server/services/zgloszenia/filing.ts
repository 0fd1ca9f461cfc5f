// Filing a survey-work notification (issue 18) is ONE PostgreSQL transaction: the case (its number, deadline and
// first history row), its fee order (items and history; the DOO issued, or "opłacone" at once for a 0 zł fee), the
// package job, and the links between them. Either all of it is filed or none of it: a failure at any step (a lost
// connection, a constraint, a trigger) leaves no case without its fee, no DOO without its case and no package job
// assembling materials for nobody. The job row only becomes visible to the runners (FOR UPDATE SKIP LOCKED on
// committed rows) once the whole filing has committed. What only reads (the area, its buffers, the sheets) is
// resolved before the transaction by the caller; the confirmation e-mail is sent after it committed.
import type { Database } from '../../db/database.ts';
import type { Role } from '../../catalog/roles.ts';
import type { MultiPolygon } from 'geojson';
import { fileZgloszenieIn, linkPackage, type Actor, type NewZgloszenie } from '../../cases/zgloszenia/store.ts';
import { quote } from '../../fees/engine.ts';
import { changeStateIn as changeOrderStateIn, issueDooIn, placeOrderIn } from '../../orders/store.ts';
import { enqueueJob, PACKAGE_KIND, type JobParams } from '../downloads/jobs.ts';
import type { ExtractArea } from '../downloads/area.ts';
import { CONTROL_LAYERS, PACKAGE_LAYERS } from '../downloads/package.ts';

export interface Filing {
  userId: number;
  role: Role;
  case: NewZgloszenie & { obszar: MultiPolygon };
  /** The notified area in hectares (the fee is per started hectare). */
  ha: number;
  /** The area + BUFFER_M and + CONTROL_BUFFER_M (areas of the package's data and control points). */
  dataArea: ExtractArea;
  controlArea: ExtractArea;
  baseUrl: string;
  paymentDays: number;
  actor: Actor;
}

export interface Filed { id: string; numer: string; terminMaterialow: string; orderId: string; jobId: string }

/** Files the notification with its fee and its package job in one transaction. */
export async function fileNotification(db: Database, f: Filing): Promise<Filed> {
  return db.transaction(async (tx) => {
    const filed = await fileZgloszenieIn(tx, f.userId, f.case, f.actor);
    const form = f.case.form;
    // The fee: one line by the tariff row for notification materials, per started hectare of the notified area.
    const ha = Math.max(1, Math.ceil(f.ha - 1e-9));
    const basket = { material: 'zgloszenie' as const, postac: 'elektroniczna' as const, quantity: ha, subject: `zgłoszenie ${filed.numer}, ${f.ha.toFixed(4)} ha` };
    const q = quote([basket]);
    const orderId = await placeOrderIn(tx, {
      userId: f.userId, email: null, role: f.role, personalData: true, payer: form.wykonawca, payerAddress: null,
      purpose: `wykonanie zgłoszonych prac geodezyjnych ${filed.numer} (${form.celPrac})`, portal: 'geodeci', tokenHash: null,
    }, [{ material: 'zgloszenie', postac: 'elektroniczna', area: { areaKm2: f.ha / 100 }, zgloszenie: filed.numer, basket }], q, f.actor);
    const system: Actor = { userId: null, name: 'system' };
    if (q.totalGr > 0) await issueDooIn(tx, orderId, system, f.paymentDays);
    else await changeOrderStateIn(tx, orderId, 'opłacone', system, 'bez opłaty');

    const params: JobParams = {
      layers: [...PACKAGE_LAYERS, ...CONTROL_LAYERS], rasters: ['nmt'], format: 'gml', area: f.dataArea, crs: 'EPSG:2177', baseUrl: f.baseUrl, counts: {},
      package: { zgloszenieId: filed.id, numer: filed.numer, scale: form.skalaArkuszy, sheets: [...f.case.arkusze], work: f.case.obszar, control: f.controlArea },
    };
    const jobId = await enqueueJob(tx, params, { userId: null, role: f.role }, 'geodeci', PACKAGE_KIND);
    await linkPackage(tx, filed.id, jobId, orderId);
    return { ...filed, orderId, jobId };
  });
}
