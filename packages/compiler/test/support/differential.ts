// Differential judging of tspy's parser against CPython's ast.parse (the pyodide oracle):
// one verdict per source, and a delta-debugging minimizer for disagreements.

import { astDumps, type DumpResult, type SyntaxErrorInfo } from '@tspy/test-support';
import { describeDumpDifference } from './dumpDiff.js';
import { roughTokens } from './mutations.js';
import type { TspyParserApi } from './tspyParser.js';
import type { Watchdog } from './watchdog.js';

export const FILENAME = '<fuzz>';

export type ParseModeName = 'exec' | 'eval' | 'single' | 'func_type';

/** One input, parsed by both sides with the same ast.parse mode. */
export interface FuzzCase {
  source: string;
  mode: ParseModeName;
}

export type AgreementKind = 'both-accept' | 'both-reject';
export type DisagreementKind = 'tspy-rejects-valid' | 'tspy-accepts-invalid' | 'dump-mismatch' | 'crash' | 'slow';

export interface Verdict {
  kind: AgreementKind | DisagreementKind;
  /** What differs (disagreements), or the rejection message (both-reject). */
  detail: string;
  /** both-reject only: tspy raised the same error class, message and positions. */
  sameError?: boolean;
}

/** The fields tspy's PySyntaxError shares with CPython's SyntaxError. */
interface TspySyntaxError {
  kind: string;
  msg: string;
  lineno?: number;
  offset?: number;
  end_lineno?: number;
  end_offset?: number;
}

type TspyOutcome = ({ ok: true; dump: string } | { ok: false; error: TspySyntaxError } | { crash: string }) & {
  /** Time spent in parse() alone: the budget guards the parser, not the test's dump(). */
  parseMs: number;
};

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function runTspy(api: TspyParserApi, { source, mode }: FuzzCase): TspyOutcome {
  let tree: unknown;
  const started = performance.now();
  try {
    tree = api.parse(source, FILENAME, mode);
  } catch (error) {
    const parseMs = performance.now() - started;
    if (error instanceof api.PySyntaxError) return { ok: false, error: error as unknown as TspySyntaxError, parseMs };
    return { crash: `parse() threw a non-PySyntaxError: ${describeThrown(error)}`, parseMs };
  }
  const parseMs = performance.now() - started;
  try {
    return { ok: true, dump: api.dump(tree, { includeAttributes: true }), parseMs };
  } catch (error) {
    return { crash: `dump() threw: ${describeThrown(error)}`, parseMs };
  }
}

function formatError(e: { msg: string; lineno?: number | null; offset?: number | null; end_lineno?: number | null; end_offset?: number | null }, type: string): string {
  return `${type}: ${e.msg} (${e.lineno ?? '-'}:${e.offset ?? '-'}–${e.end_lineno ?? '-'}:${e.end_offset ?? '-'})`;
}

function sameError(mine: TspySyntaxError, theirs: SyntaxErrorInfo): boolean {
  return (
    mine.kind === theirs.type && mine.msg === theirs.msg && (mine.lineno ?? null) === theirs.lineno &&
    (mine.offset ?? null) === theirs.offset && (mine.end_lineno ?? null) === theirs.end_lineno &&
    (mine.end_offset ?? null) === theirs.end_offset
  );
}

/** Compares tspy with CPython's result for `input`; a run over `budgetMs` is a failure. */
export function judge(api: TspyParserApi, input: FuzzCase, expected: DumpResult, budgetMs: number): Verdict {
  const outcome = runTspy(api, input);
  const elapsed = outcome.parseMs;
  if (elapsed > budgetMs) return { kind: 'slow', detail: `tspy's parse() took ${elapsed.toFixed(0)} ms (budget ${budgetMs} ms)` };
  if ('crash' in outcome) return { kind: 'crash', detail: outcome.crash };
  if (outcome.ok && expected.ok) {
    if (outcome.dump === expected.dump) return { kind: 'both-accept', detail: '' };
    return { kind: 'dump-mismatch', detail: describeDumpDifference(expected.dump, outcome.dump) };
  }
  if (!outcome.ok && !expected.ok) {
    const cpython = formatError(expected.error, expected.error.type);
    const same = sameError(outcome.error, expected.error);
    return { kind: 'both-reject', detail: same ? cpython : `cpython ${cpython}; tspy ${formatError(outcome.error, outcome.error.kind)}`, sameError: same };
  }
  if (outcome.ok && !expected.ok) {
    return { kind: 'tspy-accepts-invalid', detail: `CPython raised ${formatError(expected.error, expected.error.type)}` };
  }
  return { kind: 'tspy-rejects-valid', detail: `tspy raised ${formatError((outcome as { error: TspySyntaxError }).error, (outcome as { error: TspySyntaxError }).error.kind)}` };
}

/** Judges `inputs` against the oracle's answers, marking each case for the watchdog. */
export async function judgeAll(api: TspyParserApi, inputs: readonly FuzzCase[], budgetMs: number, watchdog?: Watchdog): Promise<Verdict[]> {
  const expected = await astDumps(inputs.map(({ source, mode }) => ({ source, filename: FILENAME, mode })), { includeAttributes: true });
  const base = watchdog?.register(inputs.map(({ source, mode }) => `(mode ${mode}) ${source}`)) ?? 0;
  return inputs.map((input, i) => {
    watchdog?.enter(base + i);
    const verdict = judge(api, input, expected[i]!, budgetMs);
    watchdog?.leave();
    return verdict;
  });
}

/**
 * Shrinks `input.source` while tspy and CPython still disagree in the same way (ddmin over rough
 * tokens: drop chunks of halving size, keep the first candidate that still fails).
 */
export async function minimize(
  api: TspyParserApi, input: FuzzCase, kind: DisagreementKind, budgetMs: number, deadline: number, watchdog?: Watchdog,
): Promise<string> {
  let tokens = roughTokens(input.source);
  let chunk = Math.max(1, Math.ceil(tokens.length / 2));
  while (performance.now() < deadline && tokens.length > 0) {
    // At the finest grain, also try dropping whole blocks and bracket groups, emptying and unwrapping them.
    const text = tokens.join('');
    const candidates = chunk > 1
      ? chunkRemovals(tokens, chunk)
      : [...blockRemovals(text), ...chunkRemovals(tokens, 1), ...groupRemovals(tokens)];
    const texts = [...new Set(candidates.map((c) => (typeof c === 'string' ? c : c.join(''))))].filter((t) => t !== text);
    const verdicts = await judgeAll(api, texts.map((source) => ({ source, mode: input.mode })), budgetMs, watchdog);
    const hit = verdicts.findIndex((v) => v.kind === kind);
    if (hit >= 0) {
      tokens = roughTokens(texts[hit]!);
      chunk = Math.min(chunk, Math.max(1, Math.ceil(tokens.length / 2)));
    } else if (chunk > 1) {
      chunk = Math.floor(chunk / 2);
    } else {
      break;
    }
  }
  return tokens.join('');
}

/** The text without line i and the more indented lines right after it (its block). */
function blockRemovals(text: string): string[] {
  const lines = text.split('\n');
  const indent = (line: string) => /^[ \t\f]*/.exec(line)![0].length;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let end = i + 1;
    while (end < lines.length && indent(lines[end]!) > indent(lines[i]!)) end++;
    out.push([...lines.slice(0, i), ...lines.slice(end)].join('\n'));
  }
  return out;
}

function chunkRemovals(tokens: readonly string[], chunk: number): string[][] {
  const out: string[][] = [];
  for (let at = 0; at < tokens.length; at += chunk) out.push([...tokens.slice(0, at), ...tokens.slice(at + chunk)]);
  return out;
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function groupRemovals(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  tokens.forEach((open, start) => {
    const close = CLOSING[open];
    if (!close) return;
    let depth = 0;
    for (let end = start; end < tokens.length; end++) {
      if (tokens[end] === open) depth++;
      else if (tokens[end] === close && --depth === 0) {
        out.push([...tokens.slice(0, start), ...tokens.slice(end + 1)]);
        if (end > start + 1) {
          out.push([...tokens.slice(0, start + 1), ...tokens.slice(end)]); // empty the group
          out.push([...tokens.slice(0, start), ...tokens.slice(start + 1, end), ...tokens.slice(end + 1)]); // unwrap it
        }
        return;
      }
    }
  });
  return out;
}
