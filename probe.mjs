import { loadPyodide } from 'pyodide';
const py = await loadPyodide();
console.log(py.runPython(`
import token, keyword, zipfile
out = []
out.append(repr(sorted(token.tok_name.items())))
out.append(repr(token.EXACT_TOKEN_TYPES))
out.append(repr(keyword.kwlist)); out.append(repr(keyword.softkwlist))
import sys
out.append(sys.prefix)
'\\n'.join(out)
`));
