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

/** CPython's EOFError: "marshal data too short", "EOF read where object expected". */
export class MarshalEOFError extends MarshalError {
  constructor(message: string) {
    super('EOFError', message);
  }
}

/** CPython's ValueError: "bad marshal data (…)", "unmarshallable object", … */
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

/** CPython's TypeError: "NULL object in marshal data for …". */
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

/** Valid marshal data that tspy cannot represent yet (list, dict, set, StopIteration…). */
export class MarshalUnsupportedError extends MarshalError {
  constructor(what: string) {
    super('NotImplementedError', `not supported yet: ${what}`);
  }
}
