// The multipart/form-data reading of the file forms (server/http/multipart.ts): fields and a file as a browser sends
// them (here: as Node's own FormData encodes them), quoted boundaries, malformed bodies and too many parts refused.
import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from '../../server/http/multipart.ts';

async function encode(form: FormData): Promise<{ body: Buffer; type: string }> {
  const r = new Response(form);
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

describe('parseMultipart', () => {
  it('reads fields and a binary file as FormData encodes them', async () => {
    const form = new FormData();
    form.set('_csrf', 'abc.123');
    const bytes = Buffer.from([0x3a, 0x32, 0x30, 0x3a, 0xb9, 0x0d, 0x0a, 0x2d, 0x2d, 0x00]); // Windows-1250 "ą", CRLF, dashes, NUL
    form.set('plik', new Blob([bytes], { type: 'text/plain' }), 'wyciąg "grudzień".sta');
    const { body, type } = await encode(form);
    const parsed = await parseMultipart(body, type);
    expect(parsed.fields).toEqual({ _csrf: 'abc.123' });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]!.name).toBe('plik');
    expect(parsed.files[0]!.contentType).toBe('text/plain');
    expect(parsed.files[0]!.data.equals(bytes)).toBe(true);
    expect(parsed.files[0]!.filename).toContain('.sta');
  });

  it('takes a quoted boundary', () => {
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/x-www-form-urlencoded')).toBeUndefined();
  });

  it('refuses what is not a well-formed form, and too many parts as such', async () => {
    const t = 'multipart/form-data; boundary=xyz';
    await expect(parseMultipart(Buffer.from('hello'), 'text/plain')).rejects.toThrow(MultipartError);
    await expect(parseMultipart(Buffer.from('no boundary here'), t)).rejects.toThrow(MultipartError);
    await expect(parseMultipart(Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), t)).rejects.toThrow(MultipartError);
    const many = Array.from({ length: 11 }, (_, i) => `--xyz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + '--xyz--';
    await expect(parseMultipart(Buffer.from(many), t)).rejects.toMatchObject({ tooMany: true, message: 'more than 10 parts' });
  });
});
