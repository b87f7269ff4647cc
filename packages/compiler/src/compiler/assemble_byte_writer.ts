// A growable byte buffer: what the assembler's PyBytes objects plus their write
// offsets (a_linetable/a_location_off, a_except_table/a_except_table_off) are in C.
// The varint writers are CPython's: Include/internal/pycore_code.h.

export class ByteWriter {
  private bytes: Uint8Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.bytes = new Uint8Array(initialCapacity);
  }

  /** Empties the buffer for reuse (the assembler keeps one writer per table: typed-array
   *  allocation costs more than the bytes written for most code objects). */
  reset(): void {
    this.length = 0;
  }

  byte(value: number): void {
    if (this.length === this.bytes.length) this.grow();
    this.bytes[this.length++] = value & 255;
  }

  // CPython: Include/internal/pycore_code.h write_varint (6-bit chunks, 64 = more follow)
  varint(value: number): void {
    let val = value >>> 0;
    while (val >= 64) {
      this.byte(64 | (val & 63));
      val >>>= 6;
    }
    this.byte(val);
  }

  // CPython: Include/internal/pycore_code.h write_signed_varint (sign in the low bit)
  signedVarint(value: number): void {
    this.varint(value < 0 ? (-value * 2 + 1) >>> 0 : (value * 2) >>> 0);
  }

  /** The bytes written, as a fresh exact-size array. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /** The bytes written, as a view of the buffer: valid until the next write or reset. */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  private grow(): void {
    const bigger = new Uint8Array(Math.max(16, this.bytes.length * 2));
    bigger.set(this.bytes);
    this.bytes = bigger;
  }
}
