// The errors marshal raises, one class per Python exception type CPython raises,
// with CPython's messages (Python/marshal.c).

export class MarshalError extends Error {
  /** The Python exception class CPython raises in the same situation. */
  readonly pyType: string;
  constructor(pyType: string, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = 'Marshal' + pyType;
  }
}

/** CPython's EOFError: "marshal data too short", "EOF read where object expected", "EOF read where not expected". */
export class MarshalEOFError extends MarshalError {
  constructor(message: string) {
    super('EOFError', message);
  }
}

/**
 * CPython's ValueError: "bad marshal data (…)", "recursion limit exceeded", "unmarshallable
 * object", "object too deeply nested to marshal", "(un)marshalling code objects is disallowed",
 * "could not convert string to float: …", "code: co_code is malformed", …
 */
export class MarshalValueError extends MarshalError {
  constructor(message: string, pyType = 'ValueError') {
    super(pyType, message);
  }
}

/** CPython's UnicodeDecodeError (a ValueError): a 'u'/'t' string that is not UTF-8. */
export class MarshalUnicodeDecodeError extends MarshalValueError {
  constructor(message: string) {
    super(message, 'UnicodeDecodeError');
  }
}

/** CPython's TypeError: "NULL object in marshal data for …", "cannot use 'list' as a dict key (unhashable type: 'list')". */
export class MarshalTypeError extends MarshalError {
  constructor(message: string) {
    super('TypeError', message);
  }
}

/** CPython's SystemError: a code object with fields of the wrong types. */
export class MarshalSystemError extends MarshalError {
  constructor(message: string) {
    super('SystemError', message);
  }
}

/**
 * RecursionError: where CPython 3.14 itself crashes instead of raising — hashing or
 * comparing a tuple that contains itself, or a tuple still being read (data can reach
 * both through TYPE_REF, e.g. as a set element) — and where the JS stack runs out.
 */
export class MarshalRecursionError extends MarshalError {
  constructor(message: string) {
    super('RecursionError', message);
  }
}
