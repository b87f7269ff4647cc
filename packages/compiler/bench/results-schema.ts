// The JSON the benchmarks write to bench-results/ (parse-stdlib.json, compile-stdlib.json,
// tokenize-micro.json), validated before it is written.

import { z } from 'zod';

/** Seconds for whole passes over the corpus (after one untimed warm-up pass). */
export const PassTimes = z.object({
  passes: z.array(z.number().positive()).min(1),
  best: z.number().positive(),
  median: z.number().positive(),
  /** Corpus MB (10^6 UTF-8 bytes) per second, at the best pass. */
  mbPerSecond: z.number().positive(),
});
export type PassTimes = z.infer<typeof PassTimes>;

/** A runner that could not run here, and why. */
export const Unavailable = z.object({ available: z.literal(false), reason: z.string() });

/** A runner's result: its measured `fields`, or why it could not run. */
function runner<T extends z.ZodRawShape>(fields: T) {
  return z.union([z.object({ available: z.literal(true), ...fields }), Unavailable]);
}

/** The machine a result was measured on. */
export const Machine = z.object({
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpus: z.number().int().positive(),
  cpuModel: z.string(),
});

export const ParseStdlibResult = z.object({
  benchmark: z.literal('parse-stdlib'),
  date: z.string().datetime(),
  machine: Machine,
  corpus: z.object({
    description: z.string(),
    files: z.number().int().positive(),
    bytes: z.number().int().positive(),
  }),
  tspy: runner({ parse: PassTimes }),
  cpython: runner({ executable: z.string(), version: z.string(), astParse: PassTimes, compile: PassTimes }),
  pyodide: runner({ version: z.string(), astParse: PassTimes }),
  /** tspy's best time divided by the other runner's best time (below 1: tspy is faster). */
  ratios: z.object({
    tspyOverCpythonAstParse: z.number().positive().nullable(),
    tspyOverCpythonCompile: z.number().positive().nullable(),
    tspyOverPyodideAstParse: z.number().positive().nullable(),
  }),
});
export type ParseStdlibResult = z.infer<typeof ParseStdlibResult>;

/** One case of bench/tokenize-micro.ts (bench-results/tokenize-micro.json). */
export const MicroCase = z.object({
  name: z.string(),
  opsPerSecond: z.number().positive(),
  /** Relative margin of error, in percent. */
  rme: z.number().nonnegative(),
  samples: z.number().int().positive(),
  mbPerSecond: z.number().positive(),
});

export const TokenizeMicroResult = z.object({
  benchmark: z.literal('tokenize-micro'),
  date: z.string().datetime(),
  node: z.string(),
  corpus: z.object({ files: z.array(z.string()).min(1), bytes: z.number().int().positive() }),
  cases: z.array(MicroCase).min(1),
});
export type TokenizeMicroResult = z.infer<typeof TokenizeMicroResult>;

/** The JSON written to bench-results/compile-stdlib.json. */
export const CompileStdlibResult = z.object({
  benchmark: z.literal('compile-stdlib'),
  date: z.string().datetime(),
  machine: Machine,
  corpus: z.object({
    description: z.string(),
    files: z.number().int().positive(),
    bytes: z.number().int().positive(),
    /** Modules left out of every runner's corpus because tspy's compile threw on them. */
    excluded: z.array(z.object({ module: z.string(), error: z.string() })),
  }),
  tspy: runner({ compile: PassTimes }),
  cpython: runner({ executable: z.string(), version: z.string(), compile: PassTimes }),
  pyodide: runner({ version: z.string(), compile: PassTimes }),
  /** tspy's best time divided by the other runner's best time (below 1: tspy is faster). */
  ratios: z.object({
    tspyOverCpythonCompile: z.number().positive().nullable(),
    /** The median over passes of tspy's time ÷ CPython's, their passes alternating. */
    tspyOverCpythonCompilePairedMedian: z.number().positive().nullable(),
    tspyOverPyodideCompile: z.number().positive().nullable(),
  }),
});
export type CompileStdlibResult = z.infer<typeof CompileStdlibResult>;
