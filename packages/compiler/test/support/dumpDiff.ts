// Where two AST dumps first differ, shown as a short excerpt of each.

const CONTEXT = 70;

/** Index of the first differing character, or -1 when the strings are equal. */
export function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function excerpt(s: string, at: number): string {
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(s.length, at + CONTEXT);
  return `${start > 0 ? '…' : ''}${s.slice(start, at)}⟦${s.slice(at, end)}${end < s.length ? '…' : ''}`;
}

/** A two-line description of the first difference (⟦ marks it), or '' when equal. */
export function describeDumpDifference(expected: string, actual: string): string {
  const at = firstDifference(expected, actual);
  if (at < 0) return '';
  return `at char ${at}:\n    cpython: ${excerpt(expected, at)}\n    tspy:    ${excerpt(actual, at)}`;
}
