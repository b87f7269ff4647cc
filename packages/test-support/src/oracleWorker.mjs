// The pyodide oracle's thread (plain JavaScript: a worker thread cannot load TypeScript
// without a loader). oracle.ts starts it with a 256 MB stack, because recursion through
// C slots in pyodide overflows Node's default stack.
//
// Protocol: the parent posts { id, op, args }; the worker answers { id, ok: true, result }
// or { id, ok: false, error }. Ops: 'ast' (args: payload JSON, includeAttributes, wantDump;
// result: JSON text) and 'run' (args: code; result: what the code printed).

import { parentPort, workerData } from 'node:worker_threads';

const PRELUDE = String.raw`
import ast, base64, io, json, sys

def _oracle_error_info(e, prefix=''):
    if isinstance(e, SyntaxError):
        return {'type': type(e).__name__, 'msg': prefix + str(e.msg), 'lineno': e.lineno,
                'offset': e.offset, 'end_lineno': e.end_lineno, 'end_offset': e.end_offset,
                'text': e.text}
    return {'type': type(e).__name__, 'msg': prefix + str(e), 'lineno': None, 'offset': None,
            'end_lineno': None, 'end_offset': None, 'text': None}

def _oracle_ast(payload, include_attributes, want_dump):
    out = []
    for case in json.loads(payload):
        source = base64.b64decode(case['b']) if 'b' in case else case['s']
        try:
            tree = ast.parse(source, case['f'], case.get('m') or 'exec')
        except BaseException as e:  # SyntaxError, ValueError, RecursionError, MemoryError
            out.append({'ok': False, 'error': _oracle_error_info(e)})
            continue
        if not want_dump:
            out.append({'ok': True})
            continue
        # ast.dump recurses in Python once per nesting level; Python-to-Python calls do
        # not use the C stack, so a deep tree only needs a higher recursion limit.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 1_000_000))
        try:
            out.append({'ok': True, 'dump': ast.dump(tree, include_attributes=include_attributes)})
        except BaseException as e:
            out.append({'ok': False, 'error': _oracle_error_info(e, 'ast.dump failed: ')})
        finally:
            sys.setrecursionlimit(limit)
    return json.dumps(out)

def _oracle_run(code):
    captured, saved = io.StringIO(), sys.stdout
    sys.stdout = captured
    try:
        exec(compile(code, '<oracle>', 'exec'), {'__name__': '__main__'})
    finally:
        sys.stdout = saved
    return captured.getvalue()
`;

const { loadPyodide } = await import(workerData.pyodideModuleUrl);
// An explicit indexURL: pyodide otherwise infers its folder from a stack trace, which
// source-map support (tsx) rewrites to a path that does not exist.
const pyodide = await loadPyodide({ indexURL: workerData.indexURL, stdout: () => {}, stderr: () => {} });
pyodide.runPython(PRELUDE);
const astFunction = pyodide.globals.get('_oracle_ast');
const runFunction = pyodide.globals.get('_oracle_run');

function handle(op, args) {
  if (op === 'ast') return astFunction(args[0], args[1], args[2]);
  if (op === 'run') return runFunction(args[0]);
  if (op === 'version') return pyodide.runPython('import sys; sys.version');
  throw new Error(`unknown oracle op ${op}`);
}

parentPort.on('message', ({ id, op, args }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: handle(op, args) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
