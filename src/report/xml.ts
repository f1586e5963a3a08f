// XML 1.0 text and attribute escaping.

/**
 * Characters XML 1.0 does not allow even as character references: C0 controls
 * other than tab, line feed and carriage return, unpaired surrogates, U+FFFE
 * and U+FFFF.
 */
// With the `u` flag a surrogate range matches only unpaired surrogates,
// because a valid pair is read as one supplementary code point.
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

/** Replaces each character XML cannot carry by a visible `\u{...}` escape, so no information is silently lost. */
function replaceForbidden(text: string): string {
  return text.replace(FORBIDDEN_XML_CHARS, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`);
}

/** Escapes `text` for element content. */
export function escapeXmlText(text: string): string {
  return replaceForbidden(text).replace(/[&<>]/gu, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/**
 * Escapes `text` for a double-quoted attribute value. Tab, line feed and
 * carriage return become character references, because a parser would
 * otherwise normalise them to spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return replaceForbidden(text).replace(/[&<>"\t\n\r]/gu, (char) => ATTRIBUTE_ESCAPES[char]);
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
