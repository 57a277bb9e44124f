/**
 * DuckyScript 3.0 integer arithmetic: every value is an unsigned 16-bit integer (0–65535), every
 * result wraps modulo 65536, comparisons and logical operators give 1 or 0, and `^` is the
 * exponent (as in hak5's documentation), not exclusive or.
 *
 * @module
 */

/**
 * A binary operator of DuckyScript expressions.
 *
 * @example Apply one
 * ```ts
 * import { applyBinary, type BinaryOperator } from "./uint16_math.ts";
 *
 * const operator: BinaryOperator = "<<";
 * console.assert(applyBinary(operator, 1, 4) === 16);
 * ```
 */
export type BinaryOperator =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "=="
  | "!="
  | "<"
  | ">"
  | "<="
  | ">="
  | "&&"
  | "||"
  | "&"
  | "|"
  | "<<"
  | ">>";

/**
 * A unary operator: logical not, or negation modulo 65536.
 *
 * @example Apply one
 * ```ts
 * import { applyUnary, type UnaryOperator } from "./uint16_math.ts";
 *
 * const operator: UnaryOperator = "-";
 * console.assert(applyUnary(operator, 2) === 65534);
 * ```
 */
export type UnaryOperator = "!" | "-";

/**
 * The largest value a variable holds.
 *
 * @example Wrap-around
 * ```ts
 * import { applyBinary, UINT16_MAX } from "./uint16_math.ts";
 *
 * console.assert(applyBinary("+", UINT16_MAX, 1) === 0);
 * ```
 */
export const UINT16_MAX = 0xFFFF;

/**
 * Applies a binary operator to two uint16 values. Shifts by 16 or more give 0; `&&` and `||`
 * here only combine two already evaluated values (short-circuiting is the evaluator's job).
 *
 * @param operator The operator.
 * @param left The left operand, 0–65535.
 * @param right The right operand, 0–65535.
 * @returns The result, 0–65535; `undefined` for division or remainder by zero.
 *
 * @example Wrap-around and exponent
 * ```ts
 * import { applyBinary } from "./uint16_math.ts";
 *
 * console.assert(applyBinary("-", 0, 1) === 65535);
 * console.assert(applyBinary("*", 300, 300) === 90000 % 65536);
 * console.assert(applyBinary("^", 2, 6) === 64);
 * console.assert(applyBinary("/", 7, 0) === undefined);
 * ```
 */
export function applyBinary(
  operator: BinaryOperator,
  left: number,
  right: number,
): number | undefined {
  switch (operator) {
    case "+":
      return (left + right) & UINT16_MAX;
    case "-":
      return (left - right) & UINT16_MAX;
    case "*":
      return Math.imul(left, right) & UINT16_MAX;
    case "/":
      return right === 0 ? undefined : Math.floor(left / right);
    case "%":
      return right === 0 ? undefined : left % right;
    case "^":
      return power(left, right);
    case "==":
      return left === right ? 1 : 0;
    case "!=":
      return left !== right ? 1 : 0;
    case "<":
      return left < right ? 1 : 0;
    case ">":
      return left > right ? 1 : 0;
    case "<=":
      return left <= right ? 1 : 0;
    case ">=":
      return left >= right ? 1 : 0;
    case "&&":
      return left !== 0 && right !== 0 ? 1 : 0;
    case "||":
      return left !== 0 || right !== 0 ? 1 : 0;
    case "&":
      return left & right;
    case "|":
      return left | right;
    case "<<":
      return right >= 16 ? 0 : (left << right) & UINT16_MAX;
    case ">>":
      return right >= 16 ? 0 : left >>> right;
  }
}

/**
 * Applies a unary operator to a uint16 value.
 *
 * @param operator `!` (1 for 0, else 0) or `-` (negation modulo 65536).
 * @param operand The operand, 0–65535.
 * @returns The result, 0–65535.
 *
 * @example Not and negate
 * ```ts
 * import { applyUnary } from "./uint16_math.ts";
 *
 * console.assert(applyUnary("!", 0) === 1 && applyUnary("!", 7) === 0);
 * console.assert(applyUnary("-", 1) === 65535);
 * ```
 */
export function applyUnary(operator: UnaryOperator, operand: number): number {
  return operator === "!" ? (operand === 0 ? 1 : 0) : (-operand) & UINT16_MAX;
}

/** Exponentiation by squaring, modulo 65536. */
function power(base: number, exponent: number): number {
  let result = 1;
  let factor = base;
  let remaining = exponent;
  while (remaining > 0) {
    if ((remaining & 1) === 1) result = Math.imul(result, factor) & UINT16_MAX;
    factor = Math.imul(factor, factor) & UINT16_MAX;
    remaining >>>= 1;
  }
  return result;
}
