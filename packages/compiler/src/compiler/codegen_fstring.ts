// Code generation for f-strings (JoinedStr / FormattedValue) and PEP 750 t-strings
// (TemplateStr / Interpolation).
// CPython: Python/codegen.c codegen_joined_str, codegen_formatted_value,
// codegen_template_str, codegen_interpolation
import type * as ast from '../ast/nodes.js';
import { Add, NodeKind } from '../ast/nodes.js';
import { Conversion } from '@tspy/bytecode';
import { Op } from '../generated/opcodes.js';
import { LOC } from './source_location.js';
import type { Compiler } from './compile.js';
import { compilerError } from './compile.js';
import { addop, addopI, addopLoadConst, addopBinary, addopName, LOAD_METHOD } from './codegen.js';
import { visitExpr } from './codegen_expr.js';
import { STACK_USE_GUIDELINE } from './opcode_utils.js';

const CONV_STR = 0x73; // 's'
const CONV_REPR = 0x72; // 'r'
const CONV_ASCII = 0x61; // 'a'

function conversionOparg(c: Compiler, e: ast.expr, conversion: number): number {
  switch (conversion) {
    case CONV_STR:
      return Conversion.STR;
    case CONV_REPR:
      return Conversion.REPR;
    case CONV_ASCII:
      return Conversion.ASCII;
  }
  // CPython raises SystemError; only a hand-built AST gets here
  compilerError(c, LOC(e), `Unrecognized conversion character ${conversion}`);
  return 0;
}

// CPython: Python/codegen.c codegen_template_str
export function templateStr(c: Compiler, e: ast.TemplateStr): void {
  const loc = LOC(e);
  const values = e.values;
  const count = values.length;
  let lastWasInterpolation = true;
  let stringslen = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    if (value._kind === NodeKind.Interpolation) {
      if (lastWasInterpolation) {
        addopLoadConst(c, loc, '');
        stringslen++;
      }
      lastWasInterpolation = true;
    } else {
      visitExpr(c, value);
      let j = i + 1;
      for (; j < count; j++) {
        const next = values[j]!;
        if (next._kind === NodeKind.Interpolation) break;
        visitExpr(c, next);
        addopBinary(c, loc, Add.instance, true);
      }
      i = j - 1;
      stringslen++;
      lastWasInterpolation = false;
    }
  }
  if (lastWasInterpolation) {
    addopLoadConst(c, loc, '');
    stringslen++;
  }
  addopI(c, loc, Op.BUILD_TUPLE, stringslen);
  let interpolationslen = 0;
  for (const value of values) {
    if (value._kind === NodeKind.Interpolation) {
      visitExpr(c, value);
      interpolationslen++;
    }
  }
  addopI(c, loc, Op.BUILD_TUPLE, interpolationslen);
  addop(c, loc, Op.BUILD_TEMPLATE);
}

// CPython: Python/codegen.c codegen_joined_str
export function joinedStr(c: Compiler, e: ast.JoinedStr): void {
  const loc = LOC(e);
  const values = e.values;
  const count = values.length;
  if (count > STACK_USE_GUIDELINE) {
    addopLoadConst(c, loc, '');
    addopName(c, loc, LOAD_METHOD, 'join', 'names');
    addopI(c, loc, Op.BUILD_LIST, 0);
    for (const value of values) {
      visitExpr(c, value);
      addopI(c, loc, Op.LIST_APPEND, 1);
    }
    addopI(c, loc, Op.CALL, 1);
    return;
  }
  for (const value of values) visitExpr(c, value);
  if (count > 1) addopI(c, loc, Op.BUILD_STRING, count);
  else if (count === 0) addopLoadConst(c, loc, '');
}

// CPython: Python/codegen.c codegen_interpolation
export function interpolation(c: Compiler, e: ast.Interpolation): void {
  const loc = LOC(e);
  visitExpr(c, e.value);
  addopLoadConst(c, loc, e.str);
  let oparg = 2;
  if (e.format_spec !== undefined) {
    oparg++;
    visitExpr(c, e.format_spec);
  }
  if (e.conversion !== -1) oparg |= conversionOparg(c, e, e.conversion) << 2;
  addopI(c, loc, Op.BUILD_INTERPOLATION, oparg);
}

// CPython: Python/codegen.c codegen_formatted_value
export function formattedValue(c: Compiler, e: ast.FormattedValue): void {
  visitExpr(c, e.value);
  const loc = LOC(e);
  if (e.conversion !== -1) addopI(c, loc, Op.CONVERT_VALUE, conversionOparg(c, e, e.conversion));
  if (e.format_spec !== undefined) {
    visitExpr(c, e.format_spec);
    addop(c, loc, Op.FORMAT_WITH_SPEC);
  } else {
    addop(c, loc, Op.FORMAT_SIMPLE);
  }
}
