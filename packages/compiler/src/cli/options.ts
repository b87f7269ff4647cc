// Command-line options of `tspyc`, parsed from argv and validated with zod.
import { z } from 'zod';

export const astOptionsSchema = z.object({
  command: z.literal('ast'),
  mode: z.enum(['exec', 'single', 'eval', 'func_type']),
  typeComments: z.boolean(),
  includeAttributes: z.boolean(),
  indent: z.number().int(),
  featureVersion: z
    .string()
    .regex(/^3\.\d+$/u, 'Python version in the format 3.x (for example, 3.10)')
    .optional(),
  optimize: z.number().int().min(-1).max(0, 'AST optimization (-O > 0) is not supported yet'),
  showEmpty: z.boolean(),
  infile: z.string().optional(),
});

export const tokensOptionsSchema = z.object({
  command: z.literal('tokens'),
  exact: z.boolean(),
  infile: z.string().optional(),
});

export const compileOptionsSchema = z.object({
  command: z.literal('compile'),
  output: z.string().optional(),
  optimize: z.number().int().min(0).max(2),
  infile: z.string({ error: 'the following arguments are required: infile' }),
});

export const disOptionsSchema = z.object({
  command: z.literal('dis'),
  showCaches: z.boolean(),
  showOffsets: z.boolean(),
  showPositions: z.boolean(),
  adaptive: z.boolean(),
  infile: z.string().optional(),
});

export const cliOptionsSchema = z.discriminatedUnion('command', [
  astOptionsSchema,
  tokensOptionsSchema,
  compileOptionsSchema,
  disOptionsSchema,
]);
export type CliOptions = z.infer<typeof cliOptionsSchema>;

export const USAGE = `usage: tspyc ast [-h] [-m {exec,single,eval,func_type}] [--no-type-comments] [-a]
                 [-i INDENT] [--feature-version VERSION] [-O LEVEL] [--show-empty]
                 [infile]
       tspyc tokens [-h] [-e] [infile]
       tspyc compile [-h] [-o OUT.pyc] [-O LEVEL] infile
       tspyc dis [-h] [-C] [-O] [-P] [-S] [infile]

  ast      print the AST of a Python file, as \`python3.14 -m ast\` does
  tokens   print its tokens, as \`python3.14 -m tokenize\` does
  compile  write its .pyc (default: __pycache__/NAME.cpython-314.pyc, as py_compile does)
  dis      disassemble it, as \`python3.14 -m dis\` does (-C caches, -O offsets,
           -P positions, -S specialized)
`;

/** A command line that cannot be run: printed with the usage, exit status 2. */
export class UsageError {
  constructor(readonly message: string) {}
}

type Raw = Record<string, unknown>;

const AST_FLAGS: Record<string, [key: string, value: unknown | 'next']> = {
  '-m': ['mode', 'next'], '--mode': ['mode', 'next'],
  '--no-type-comments': ['typeComments', false],
  '-a': ['includeAttributes', true], '--include-attributes': ['includeAttributes', true],
  '-i': ['indent', 'next'], '--indent': ['indent', 'next'],
  '--feature-version': ['featureVersion', 'next'],
  '-O': ['optimize', 'next'], '--optimize': ['optimize', 'next'],
  '--show-empty': ['showEmpty', true],
};
const TOKENS_FLAGS: Record<string, [key: string, value: unknown | 'next']> = {
  '-e': ['exact', true], '--exact': ['exact', true],
};
const COMPILE_FLAGS: Record<string, [key: string, value: unknown | 'next']> = {
  '-o': ['output', 'next'], '--output': ['output', 'next'],
  '-O': ['optimize', 'next'], '--optimize': ['optimize', 'next'],
};
const DIS_FLAGS: Record<string, [key: string, value: unknown | 'next']> = {
  '-C': ['showCaches', true], '--show-caches': ['showCaches', true],
  '-O': ['showOffsets', true], '--show-offsets': ['showOffsets', true],
  '-P': ['showPositions', true], '--show-positions': ['showPositions', true],
  '-S': ['adaptive', true], '--specialized': ['adaptive', true],
};
const COMMANDS: Record<string, { flags: typeof AST_FLAGS; defaults: Raw }> = {
  ast: {
    flags: AST_FLAGS,
    defaults: { mode: 'exec', typeComments: true, includeAttributes: false, indent: 3, optimize: -1, showEmpty: false },
  },
  tokens: { flags: TOKENS_FLAGS, defaults: { exact: false } },
  compile: { flags: COMPILE_FLAGS, defaults: { optimize: 0 } },
  dis: { flags: DIS_FLAGS, defaults: { showCaches: false, showOffsets: false, showPositions: false, adaptive: false } },
};
const NUMERIC = new Set(['indent', 'optimize']);

/** Parses `argv` (without node and script) into validated options. */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') return 'help';
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) throw new UsageError(`invalid choice: '${command}' (choose from ${Object.keys(COMMANDS).join(', ')})`);
  const raw = collect(rest, spec.flags, { command, ...spec.defaults });
  if (raw === 'help') return 'help';
  const parsed = cliOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`argument ${issue.path.join('.') || command}: ${issue.message}`);
  }
  return parsed.data;
}

function collect(args: readonly string[], flags: typeof AST_FLAGS, raw: Raw): Raw | 'help' {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/su, 2) : [arg, undefined];
    const flag = flags[name!];
    if (flag) {
      const [key, value] = flag;
      if (value !== 'next') { raw[key] = value; continue; }
      const text = inline ?? args[++i];
      if (text === undefined) throw new UsageError(`argument ${name}: expected one argument`);
      raw[key] = NUMERIC.has(key) ? toInt(name!, text) : text;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unrecognized arguments: ${arg}`);
    } else if (raw.infile === undefined) {
      raw.infile = arg;
    } else {
      throw new UsageError(`unrecognized arguments: ${arg}`);
    }
  }
  return raw;
}

function toInt(name: string, text: string): number {
  if (!/^[+-]?\d+$/u.test(text.trim())) throw new UsageError(`argument ${name}: invalid int value: '${text}'`);
  return Number.parseInt(text, 10);
}
