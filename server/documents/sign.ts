// Electronic signatures of the office's PDF documents (DOO, licences, and later wypisy/wyrysy and coordination
// protocols): PAdES-style — a CMS (CAdES) detached signature in the PDF's signature dictionary with sub-filter
// ETSI.CAdES.detached (ETSI EN 319 142-1), added as an incremental update, so that a reader verifies it with
// standard tools (poppler's pdfsig, Adobe Reader). @signpdf does the PDF side (placeholder, byte range, CMS).
//
// API (small on purpose, for every module that issues a document):
//   const identity = await signingIdentity(config.orders);       // once per process: the office's key + certificate
//   const signed = signPdf(pdfBuffer, identity, { reason, location, contactInfo });
// The PDF must have a classic cross-reference table (pdfkit's default output; no object or xref streams), which
// @signpdf/placeholder-plain reads. The key comes from OFFICE_SIGNING_P12 (+ OFFICE_SIGNING_P12_PASSWORD); without
// it a self-signed development certificate is generated once with node-forge and kept in OFFICE_DEV_CERT_DIR, so
// that every worker and restart signs with the same one. A reader shows a development signature as valid but its
// issuer as not trusted.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { OrdersConfig } from '../config.ts';

export interface SigningIdentity {
  p12: Buffer;
  passphrase: string;
  /** The certificate's subject common name (the signer as a reader shows it). */
  signer: string;
  development: boolean;
}

export interface SignatureMeta { reason: string; location: string; contactInfo: string }

const DEV_FILE = 'dev-office.p12';
const DEV_PASSPHRASE = 'sip-poznan-development';

/** Polish letters folded to ASCII (ą → a, ł → l …). */
function ascii(text: string): string {
  return text.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '?');
}

/** A self-signed RSA-2048 certificate for the office, as PKCS#12 (development only). */
export function generateDevelopmentP12(commonName: string, passphrase: string): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
  // The names are kept ASCII: forge and @signpdf's CMS builder each re-encode non-ASCII strings, and the signer's
  // issuer in the CMS would then no longer match the certificate's (readers could not find the signer).
  const attrs = [{ name: 'commonName', value: ascii(commonName) }, { name: 'organizationName', value: 'SIP Poznan (certyfikat deweloperski)' }, { name: 'countryName', value: 'PL' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, { algorithm: '3des', friendlyName: 'office' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function commonNameOf(p12: Buffer, passphrase: string): string {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const bags = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase).getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) throw new Error('the PKCS#12 file holds no certificate');
  return String(cert.subject.getField('CN')?.value ?? 'SIP Poznan');
}

let cached: Promise<SigningIdentity> | undefined;
let cachedKey: string | undefined;

/** The office's signing identity from configuration, or the development one (generated on first use). */
export function signingIdentity(config: Pick<OrdersConfig, 'signingP12' | 'signingP12Password' | 'devCertDir' | 'officeName'>): Promise<SigningIdentity> {
  const key = `${config.signingP12 ?? ''}|${config.devCertDir}`;
  if (cached && cachedKey === key) return cached;
  cachedKey = key;
  cached = (async () => {
    if (config.signingP12) {
      const p12 = await readFile(config.signingP12);
      return { p12, passphrase: config.signingP12Password, signer: commonNameOf(p12, config.signingP12Password), development: false };
    }
    const file = path.join(config.devCertDir, DEV_FILE);
    let p12: Buffer;
    try {
      p12 = await readFile(file);
    } catch {
      await mkdir(config.devCertDir, { recursive: true });
      p12 = generateDevelopmentP12(`${config.officeName} (deweloperski)`, DEV_PASSPHRASE);
      // Written under a temporary name and renamed: a worker racing us reads a whole file or none; the last rename
      // wins and every process re-reads it on its next start.
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(tmp, p12, { mode: 0o600 });
      await rename(tmp, file);
      p12 = await readFile(file);
    }
    return { p12, passphrase: DEV_PASSPHRASE, signer: commonNameOf(p12, DEV_PASSPHRASE), development: true };
  })();
  cached.catch(() => { cached = undefined; });
  return cached;
}

/** Signs a PDF (classic xref table) with the identity: adds the signature field and the CMS signature. */
export async function signPdf(pdf: Buffer, identity: SigningIdentity, meta: SignatureMeta, signingTime = new Date()): Promise<Buffer> {
  // The @signpdf modules are loaded with the first signature, not at start (issue 19, idle RSS).
  const [{ SignPdf }, { P12Signer }, { plainAddPlaceholder }, { SUBFILTER_ETSI_CADES_DETACHED }] = await Promise.all([
    import('@signpdf/signpdf'), import('@signpdf/signer-p12'), import('@signpdf/placeholder-plain'), import('@signpdf/utils')]);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf, reason: meta.reason, location: meta.location, contactInfo: meta.contactInfo, name: identity.signer,
    signingTime, subFilter: SUBFILTER_ETSI_CADES_DETACHED, signatureLength: 16_384, appName: 'SIP-Poznan',
  });
  return new SignPdf().sign(withPlaceholder, new P12Signer(identity.p12, { passphrase: identity.passphrase }), signingTime);
}
