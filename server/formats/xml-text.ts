// Escaping for XML written as text (the streamed GML of formats/gml-*.ts). Characters XML 1.0 does not allow at all
// (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF; unpaired surrogates) cannot be escaped:
// they become U+FFFD, so that a stray control character in the data never makes a document ill-formed halfway
// through a stream (XML 1.0, §2.2 Characters).
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;

/** Character data: & < > escaped (> for "]]>"), and a carriage return as a reference (a parser would drop it). */
export function escapeText(s: string): string {
  if (TEXT_SPECIAL.test(s)) s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
  return s.replace(INVALID, '\uFFFD');
}

/** An attribute value in double quotes: & < > " escaped, and tab/newline/CR as references (kept through normalisation). */
export function escapeAttribute(s: string): string {
  if (ATTRIBUTE_SPECIAL.test(s)) {
    s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      .replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
  }
  return s.replace(INVALID, '\uFFFD');
}
