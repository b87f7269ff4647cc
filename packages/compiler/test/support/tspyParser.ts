// Loads tspy's parser API from src/index.ts at run time, so the parity gates and the
// benchmark type-check and run before the parser lands (they then report it unavailable).

export interface TspyParserApi {
  parse(source: string, filename: string, mode?: string): unknown;
  dump(node: unknown, options?: { includeAttributes?: boolean; indent?: number | string }): string;
  PySyntaxError: abstract new (...args: never[]) => Error;
}

export type TspyParserLoad = { api: TspyParserApi; missing?: undefined } | { api?: undefined; missing: string };

/** The parser API, or why it is not available yet. A module that fails to load throws. */
export async function loadTspyParser(): Promise<TspyParserLoad> {
  const module = (await import('../../src/index.js')) as Record<string, unknown>;
  const missing = ['parse', 'dump', 'PySyntaxError'].filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) return { missing: `src/index.ts does not export ${missing.join(', ')} yet` };
  return { api: module as unknown as TspyParserApi };
}
