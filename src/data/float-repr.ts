/**
 * @module float-repr
 * Floats written the way Python's `repr(float)` writes them (FORMAT.md §5.5): shortest round-trip digits,
 * always recognisable as a float, bare `NaN` / `Infinity` / `-Infinity` tokens.
 */

/**
 * Writes a double exactly as Python's `repr(float)` does (FORMAT.md §5.5): `NaN`, `Infinity`, `-Infinity`,
 * `0.0`, `-0.0`, positional notation for decimal exponents −4…15 (with `.0` when there is no fraction) and
 * scientific notation otherwise (`1e-07`, `1.02e+17`: signed exponent of at least two digits).
 *
 * @param value Any double, including NaN, ±∞ and −0.
 * @returns The float token; it always reads back (`Number(text)`) as the same double.
 * @example
 * renderFloat(3) // '3.0'
 * renderFloat(1e-7) // '1e-07'
 * renderFloat(2.5e16) // '2.5e+16'
 */
export const renderFloat = (value: number): string => {
  const magnitude = value < 0 ? -value : value
  // In [1e-4, 1e16) Python's exponent is −4…15, and JS `String` (positional from 1e-6 up to 1e21)
  // already produces the same shortest digits; only integral values lack the `.0`. The bounds are exact:
  // a double outside them cannot have shortest digits that round to a power of ten inside them.
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    return Number.isInteger(value) ? `${value}.0` : String(value)
  }
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  if (Number.isNaN(value)) return 'NaN'
  if (magnitude === Number.POSITIVE_INFINITY) return value > 0 ? 'Infinity' : '-Infinity'
  // Remaining values have an exponent below −4 or above 15: scientific. `toExponential()` without an argument
  // gives the shortest digits as `d.ddde±x`; Python pads the exponent to two digits.
  const text = value.toExponential()
  const e = text.indexOf('e')
  return text.length - e === 3 ? `${text.slice(0, e + 2)}0${text.slice(e + 2)}` : text
}
