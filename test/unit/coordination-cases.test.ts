// The pure rules of coordination cases: the states and their moves, the meeting's outcome from the positions, when
// the office may close it, the parties chosen by branch, and the submission's PDF and design checks.
import { describe, expect, it } from 'vitest';
import { canChange, isFinal, mayClose, outcomeOf, CASE_STATES } from '../../server/coordination/case-states.ts';
import { chooseParties, parseSubmission, pdfFromBase64 } from '../../server/coordination/submission.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';

const OPS = [
  { id: 1, name: 'Aquanet S.A.', branze: ['w', 'k'] as const },
  { id: 2, name: 'PSG', branze: ['g'] as const },
  { id: 3, name: 'Enea', branze: ['e'] as const },
].map((o) => ({ ...o, branze: [...o.branze] }));

describe('case states', () => {
  it('moves only forward, the protocol and withdrawal being final', () => {
    expect(canChange('złożona', 'w uzgodnieniu')).toBe(true);
    expect(canChange('w uzgodnieniu', 'uzgodniona z uwagami')).toBe(true);
    expect(canChange('uzgodniona', 'protokół wydany')).toBe(true);
    expect(canChange('złożona', 'protokół wydany')).toBe(false);
    expect(canChange('protokół wydany', 'wycofana')).toBe(false);
    expect(canChange('nieuzgodniona', 'wycofana')).toBe(false);
    expect(CASE_STATES.filter(isFinal)).toEqual(['protokół wydany', 'wycofana']);
  });

  it('takes the outcome from the positions: any refusal, else any remark, else agreed', () => {
    expect(outcomeOf(['uzgadniam', 'uzgadniam'])).toBe('uzgodniona');
    expect(outcomeOf(['uzgadniam', 'uzgadniam z uwagami'])).toBe('uzgodniona z uwagami');
    expect(outcomeOf(['uzgadniam z uwagami', 'nie uzgadniam'])).toBe('nieuzgodniona');
    expect(outcomeOf(['uzgadniam', null])).toBe('uzgodniona');
  });

  it('closes when every position is in, or after the term', () => {
    expect(mayClose(['uzgadniam', null], '2026-12-17', '2026-12-17')).toBe(false);
    expect(mayClose(['uzgadniam', null], '2026-12-17', '2026-12-18')).toBe(true);
    expect(mayClose(['uzgadniam', 'nie uzgadniam'], '2026-12-17', '2026-12-03')).toBe(true);
  });
});

describe('parties', () => {
  it('invites the operators of the designed and the conflicting branches by default', () => {
    expect(chooseParties(OPS, undefined, ['w'], ['g'])).toEqual([1, 2]);
    expect(chooseParties(OPS, undefined, ['e'], [])).toEqual([3]);
  });

  it('takes the designer\'s choice but needs an operator for every designed branch', () => {
    expect(chooseParties(OPS, [3, 1], ['w'], [])).toEqual([1, 3]);
    expect(() => chooseParties(OPS, [2], ['w'], [])).toThrow(/designed branch w/);
    expect(() => chooseParties(OPS, [9], ['w'], [])).toThrow(/No operator with id 9/);
  });
});

describe('submission', () => {
  const pdf = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');
  const line = { type: 'Feature', properties: { branza: 'g', funkcja: 'przyłącze' }, geometry: { type: 'LineString', coordinates: [[6427477, 5808862], [6427487, 5808862]] } };
  const base = { investor: 'I', designer: 'D', description: 'O', mapPdf: pdf, design: { type: 'FeatureCollection', features: [line] } };

  it('reads a GeoJSON design with its functions', () => {
    const s = parseSubmission(base);
    expect(s).toMatchObject({ format: 'geojson', funkcje: ['przyłącze'], parties: undefined });
    expect(s.features[0]!.branza).toBe('g');
  });

  it('refuses a map that is not a PDF, a missing design, both designs, a bad function', () => {
    const status = (f: () => unknown) => { try { f(); } catch (e) { return e instanceof HttpProblem ? [e.status, e.message] : e; } return 'accepted'; };
    expect(status(() => pdfFromBase64(Buffer.from('GIF89a').toString('base64'), 'mapPdf'))).toEqual([400, 'mapPdf is not a PDF (it does not start with %PDF-)']);
    expect(status(() => pdfFromBase64(`data:application/pdf;base64,${pdf}`, 'mapPdf'))).toBe('accepted');
    expect(status(() => parseSubmission({ ...base, design: undefined }))).toEqual([400, expect.stringContaining('designed networks are missing')]);
    expect(status(() => parseSubmission({ ...base, designDxf: '0\nEOF\n' }))).toEqual([400, expect.stringContaining('Send the design once')]);
    expect(status(() => parseSubmission({ ...base, design: { ...base.design, features: [{ ...line, properties: { branza: 'g', funkcja: 'główny' } }] } })))
      .toEqual([400, expect.stringContaining('funkcja must be one of')]);
  });
});
