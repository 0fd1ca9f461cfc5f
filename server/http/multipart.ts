// A small reader of multipart/form-data bodies (RFC 7578) for the back office's file form (an MT940 statement with
// its CSRF field): the whole body is already in memory (express.raw with a size limit), a few parts at most. Pure:
// bytes and the Content-Type in, the fields (text) and files (bytes) out. Anything malformed is a MultipartError,
// which the caller answers as the client's mistake.

export class MultipartError extends Error {
  constructor(message: string) { super(message); this.name = 'MultipartError'; }
}

export interface MultipartFile { name: string; filename: string; contentType: string | null; data: Buffer }
export interface MultipartForm { fields: Record<string, string>; files: MultipartFile[] }

/** The boundary of a multipart/form-data Content-Type, or undefined when the type is something else. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function headerParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([a-zA-Z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  return out;
}

export function parseMultipart(body: Buffer, contentType: string | undefined, limits = { parts: 10 }): MultipartForm {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MultipartError('not multipart/form-data with a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('no part starts with the boundary');
  let parts = 0;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return form; // the closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new MultipartError('a boundary is not followed by a line break');
    pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) throw new MultipartError('a part has no end of headers');
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headEnd).toString('utf8').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) throw new MultipartError('a part is not closed by the boundary');
    const data = body.subarray(headEnd + 4, next);
    if (++parts > limits.parts) throw new MultipartError(`more than ${limits.parts} parts`);
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\s*;/i.test(disposition)) throw new MultipartError('a part is not form-data');
    const params = headerParams(disposition);
    const name = params.get('name');
    if (name === undefined) throw new MultipartError('a part has no name');
    const filename = params.get('filename');
    if (filename !== undefined) form.files.push({ name, filename, contentType: headers.get('content-type') ?? null, data: Buffer.from(data) });
    else form.fields[name] = data.toString('utf8');
    pos = next + 2;
  }
}
