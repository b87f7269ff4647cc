// Source bytes → text the way CPython decodes a module (PEP 263): a UTF-8 BOM, else a
// coding cookie on line 1 or 2 (line 2 only when line 1 is blank or a comment), else UTF-8.
// Test-side helper so a test can hand the same decoded text to tspy and to CPython.

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;

/** The encoding a coding cookie declares in the first two lines, or undefined. */
export function codingCookie(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024)));
  const lines = head.split('\n', 2);
  const first = COOKIE.exec(lines[0] ?? '');
  if (first) return first[1];
  if (lines.length > 1 && BLANK_OR_COMMENT.test(lines[0] ?? '')) return COOKIE.exec(lines[1] ?? '')?.[1];
  return undefined;
}

/** Decodes Python source bytes as CPython does; throws on undecodable bytes. */
export function decodePythonSource(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3));
  }
  const encoding = normalizeEncoding(codingCookie(bytes) ?? 'utf-8');
  if (encoding === 'latin-1') return latin1(bytes);
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
}

// CPython: Parser/tokenizer/helpers.c get_normal_name (plus WHATWG label mapping, where
// "latin1" would mean windows-1252, so ISO-8859-1 is decoded by hand).
function normalizeEncoding(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  if (lower === 'utf-8' || lower.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(lower)) return 'latin-1';
  return lower;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}
