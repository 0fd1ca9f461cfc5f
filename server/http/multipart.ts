// multipart/form-data bodies (RFC 7578) of the file forms — the back office's bank statement with its CSRF field, the
// returned results of survey work — read whole by express.raw within the route's size limit and parsed by Node's
// own fetch implementation (undici's FormData), not by a parser of ours. Bytes and the Content-Type in, the fields
// (text) and files (bytes) out; anything malformed is a MultipartError, which the caller answers as the client's
// mistake in its protocol's format.

export class MultipartError extends Error {
  /** tooMany: the form is well formed but has more parts than the caller allows (413 rather than 400). */
  constructor(message: string, readonly tooMany = false) { super(message); this.name = 'MultipartError'; }
}

export interface MultipartFile { name: string; filename: string; contentType: string | null; data: Buffer }
export interface MultipartForm { fields: Record<string, string>; files: MultipartFile[] }

/** The boundary of a multipart/form-data Content-Type, or undefined when the type is something else. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

export async function parseMultipart(body: Buffer, contentType: string | undefined, limits = { parts: 10 }): Promise<MultipartForm> {
  if (!boundaryOf(contentType)) throw new MultipartError('not multipart/form-data with a boundary');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType! } }).formData();
  } catch {
    throw new MultipartError('the parts cannot be read (a boundary, a part\'s headers or the closing delimiter is broken)');
  }
  const out: MultipartForm = { fields: {}, files: [] };
  let parts = 0;
  for (const [name, value] of form.entries()) {
    if (++parts > limits.parts) throw new MultipartError(`more than ${limits.parts} parts`, true);
    if (typeof value === 'string') out.fields[name] = value;
    else out.files.push({ name, filename: value.name, contentType: value.type || null, data: Buffer.from(await value.arrayBuffer()) });
  }
  return out;
}
