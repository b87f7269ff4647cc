// How the tokenizer's buffer is built from the source text.

/**
 * CRLF and lone CR become LF; with `execInput` a final newline is added when missing.
 * CPython: Parser/tokenizer/helpers.c _PyTokenizer_translate_newlines
 */
export function translateNewlines(s: string, execInput: boolean): string {
  let out = s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
  if (execInput && out.length > 0 && out.charCodeAt(out.length - 1) !== 10) out += '\n';
  return out;
}
