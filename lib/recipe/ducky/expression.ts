/**
 * DuckyScript 3.0 integer expressions: parsing text such as `($COUNT + 1) * 2 >= #LIMIT` into a
 * small tree that the interpreter evaluates with uint16 arithmetic (`uint16_math.ts`).
 *
 * Operands: decimal or `0x` hexadecimal numbers 0–65535, `TRUE` (1), `FALSE` (0), the OS
 * constants (`MACOS`, `WINDOWS`, … in `internal_variables.ts`), `$variables`,
 * and function calls `NAME()` (the function's RETURN value, 0 without one). `#CONSTANTS` are
 * substituted as text before parsing. Unary `!` and `-`.
 *
 * hak5 asks for parentheses to order operations; dextkit also gives the operators C-like
 * precedence, tightest first: `^` (exponent, right-associative); `* / %`; `+ -`; `<< >>`;
 * `< <= > >=`; `== !=`; `&`; `|`; `&&`; `||`. `&&` and `||` short-circuit. Parentheses and
 * unary operators nest at most {@linkcode MAX_EXPRESSION_NESTING} deep, so no input can exhaust
 * the stack.
 *
 * @module
 */
import { closestNames } from "../../closest_names.ts";
import type { SourceLocation } from "../action.ts";
import { DuckyScriptError } from "./ducky_script_error.ts";
import { OS_CONSTANTS } from "./internal_variables.ts";
import { type BinaryOperator, UINT16_MAX, type UnaryOperator } from "./uint16_math.ts";

/**
 * A parsed expression. Chains join operands by operators of one precedence level
 * (`a + b - c`), which keeps the tree shallow however long the expression is.
 *
 * @example Build `$X + 1` by hand
 * ```ts
 * import type { Expression } from "./expression.ts";
 *
 * const source = { file: "a.txt", line: 1, column: 1 };
 * const sum: Expression = {
 *   kind: "chain",
 *   operands: [{ kind: "variable", name: "$X", slot: 0 }, { kind: "number", value: 1 }],
 *   operators: ["+"],
 *   sources: [source],
 *   text: "$X + 1",
 * };
 * console.assert(sum.kind === "chain");
 * ```
 */
export type Expression =
  | {
    /** A number. */
    readonly kind: "number";
    /** 0–65535, except a plain DELAY/REPEAT-style amount (see `parser.ts`). */
    readonly value: number;
  }
  | {
    /** A variable read. */
    readonly kind: "variable";
    /** The name with its `$`. */
    readonly name: string;
    /** The variable's slot in the interpreter. */
    readonly slot: number;
  }
  | {
    /** `$_RANDOM_INT`: a fresh number from `$_RANDOM_MIN` to `$_RANDOM_MAX` per read. */
    readonly kind: "randomInt";
    /** Where it is read, for the error when the bounds are reversed. */
    readonly source: SourceLocation;
    /** The whole expression it is part of. */
    readonly text: string;
  }
  | {
    /** A unary operator. */
    readonly kind: "unary";
    /** `!` or `-`. */
    readonly operator: UnaryOperator;
    /** The operand. */
    readonly operand: Expression;
  }
  | {
    /** Operands joined by operators of one precedence level; `^` chains group from the right. */
    readonly kind: "chain";
    /** The operands; one more than the operators. */
    readonly operands: readonly Expression[];
    /** The operators. */
    readonly operators: readonly BinaryOperator[];
    /** Where each operator is, for the division-by-zero error. */
    readonly sources: readonly SourceLocation[];
    /** The whole expression, for error messages. */
    readonly text: string;
  }
  | {
    /** A function call; its value is the function's RETURN value, 0 without one. */
    readonly kind: "call";
    /** The function name, without `()`. */
    readonly name: string;
    /** Where the call is. */
    readonly source: SourceLocation;
  };

/**
 * What the expression parser asks of the program it is part of.
 *
 * @example A scope with one variable
 * ```ts
 * import { type ExpressionScope, parseExpression } from "./expression.ts";
 *
 * const scope: ExpressionScope = {
 *   locate: (index) => ({ file: "a.txt", line: 1, column: index + 1 }),
 *   variable: (name) => ({ kind: "variable", name, slot: 0 }),
 *   call: () => {},
 *   constants: () => [],
 * };
 * console.assert(parseExpression("$X", scope).kind === "variable");
 * ```
 */
export interface ExpressionScope {
  /** Maps an index into the expression text to its place in the file. */
  readonly locate: (index: number) => SourceLocation;
  /**
   * Resolves `$name` (with its `$`) read at `source` in the expression `text`; throws a located
   * error if it is unknown.
   */
  readonly variable: (name: string, source: SourceLocation, text: string) => Expression;
  /** Records a call of `name()` at `source`; calls are checked once every function is known. */
  readonly call: (name: string, source: SourceLocation) => void;
  /** The DEFINE names, for suggestions when an undefined `#NAME` is used. */
  readonly constants: () => Iterable<string>;
}

/**
 * How deep parentheses and unary operators may nest in one expression.
 *
 * @example Nesting deeper than this is an error
 * ```ts
 * import { MAX_EXPRESSION_NESTING } from "./expression.ts";
 *
 * console.assert(MAX_EXPRESSION_NESTING === 32);
 * ```
 */
export const MAX_EXPRESSION_NESTING = 32;

type TokenKind = "number" | "variable" | "name" | "operator" | "open" | "close" | "constant";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly index: number;
}

const OPERATORS_BY_LENGTH: readonly (readonly string[])[] = [
  ["<<", ">>", "<=", ">=", "==", "!=", "&&", "||"],
  ["+", "-", "*", "/", "%", "^", "<", ">", "&", "|", "!"],
];

/** Binary precedence levels, loosest first. */
const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ["||"],
  ["&&"],
  ["|"],
  ["&"],
  ["==", "!="],
  ["<", "<=", ">", ">="],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"],
  ["^"],
];
const POWER_LEVEL = LEVELS.length - 1;
/** Each binary operator's spelling → the operator and its level. */
const LEVEL_OF: ReadonlyMap<string, readonly [BinaryOperator, number]> = new Map(
  LEVELS.flatMap((operators, level) =>
    operators.map((operator) => [operator, [operator, level] as const] as const)
  ),
);

const EXPRESSION_HINT =
  "write an integer expression such as ($COUNT + 1) or ($X >= 3 && $Y == 0); " +
  "values are 0–65535";

/**
 * Parses an integer expression.
 *
 * @param text The expression text (after DEFINE substitution).
 * @param scope Locations, variables, calls and constants of the surrounding program.
 * @returns The expression tree.
 * @throws {DuckyScriptError} For an empty or malformed expression, a number above 65535, an
 *   unknown variable or constant, or nesting deeper than {@linkcode MAX_EXPRESSION_NESTING}.
 *
 * @example Parse and inspect
 * ```ts
 * import { parseExpression } from "./expression.ts";
 *
 * const scope = {
 *   locate: (index: number) => ({ file: "a.txt", line: 1, column: index + 1 }),
 *   variable: (name: string) => ({ kind: "variable" as const, name, slot: 0 }),
 *   call: () => {},
 *   constants: () => [],
 * };
 * const expression = parseExpression("(4 * 10) + 2", scope);
 * console.assert(expression.kind === "chain" && expression.operators[0] === "+");
 * ```
 */
export function parseExpression(text: string, scope: ExpressionScope): Expression {
  const tokens = tokenize(text, scope);
  if (tokens.length === 0) {
    throw new DuckyScriptError({
      source: scope.locate(0),
      what: "expected an expression, got",
      text,
      hint: EXPRESSION_HINT,
    });
  }
  const parser = new Parser(tokens, scope, text);
  const expression = parser.parseLevel(0);
  parser.expectEnd();
  return expression;
}

class Parser {
  #position = 0;
  #depth = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly scope: ExpressionScope,
    readonly text: string,
  ) {}

  parseLevel(level: number): Expression {
    if (level === POWER_LEVEL + 1) return this.parseUnary();
    const first = this.parseLevel(level + 1);
    if (this.#operatorAt(level) === undefined) return first;
    const operands: Expression[] = [first];
    const operators: BinaryOperator[] = [];
    const sources: SourceLocation[] = [];
    for (let operator = this.#operatorAt(level); operator !== undefined;) {
      sources.push(this.scope.locate(this.tokens[this.#position]!.index));
      this.#position++;
      operators.push(operator);
      operands.push(this.parseLevel(level + 1));
      operator = this.#operatorAt(level);
    }
    return { kind: "chain", operands, operators, sources, text: this.text };
  }

  /** The binary operator at the current token if it belongs to `level`. */
  #operatorAt(level: number): BinaryOperator | undefined {
    const token = this.tokens[this.#position];
    if (token?.kind !== "operator") return undefined;
    const entry = LEVEL_OF.get(token.text);
    return entry !== undefined && entry[1] === level ? entry[0] : undefined;
  }

  parseUnary(): Expression {
    const token = this.tokens[this.#position];
    if (token?.kind === "operator" && (token.text === "!" || token.text === "-")) {
      const next = this.tokens[this.#position + 1];
      if (token.text === "-" && next?.kind === "number") {
        // Numbers are unsigned 16-bit: a negative literal would silently wrap to 65536 − n.
        throw new DuckyScriptError({
          source: this.scope.locate(token.index),
          what: "negative number",
          text: `-${next.text}`,
          hint: "DuckyScript numbers are 0–65535; write the value you mean without a minus",
        });
      }
      this.#position++;
      this.#enter(token);
      const operand = this.parseUnary();
      this.#depth--;
      return { kind: "unary", operator: token.text, operand };
    }
    return this.parsePrimary();
  }

  parsePrimary(): Expression {
    const token = this.tokens[this.#position];
    if (token === undefined) {
      throw this.#error(this.text.length, "the expression ends early:", this.text);
    }
    this.#position++;
    switch (token.kind) {
      case "number":
        return { kind: "number", value: this.#number(token) };
      case "variable":
        return this.scope.variable(token.text, this.scope.locate(token.index), this.text);
      case "open": {
        this.#enter(token);
        const inner = this.parseLevel(0);
        const close = this.tokens[this.#position];
        if (close?.kind !== "close") {
          throw this.#error(token.index, "unclosed parenthesis in", this.text);
        }
        this.#position++;
        this.#depth--;
        return inner;
      }
      case "name":
        return this.#name(token);
      case "constant":
        throw new DuckyScriptError({
          source: this.scope.locate(token.index),
          what: "unknown constant",
          text: token.text,
          suggestions: closestNames(token.text, this.scope.constants()),
          hint: `define it before this line with "DEFINE ${token.text} <value>"`,
        });
      default:
        throw this.#error(token.index, "unexpected", token.text);
    }
  }

  expectEnd(): void {
    const token = this.tokens[this.#position];
    if (token === undefined) return;
    const what = token.kind === "close" ? "unmatched" : "unexpected";
    throw this.#error(token.index, what, token.text);
  }

  #name(token: Token): Expression {
    if (token.text === "TRUE") return { kind: "number", value: 1 };
    if (token.text === "FALSE") return { kind: "number", value: 0 };
    const os = OS_CONSTANTS.get(token.text);
    if (os !== undefined) return { kind: "number", value: os };
    const open = this.tokens[this.#position];
    const close = this.tokens[this.#position + 1];
    if (open?.kind === "open" && close?.kind === "close") {
      this.#position += 2;
      const source = this.scope.locate(token.index);
      this.scope.call(token.text, source);
      return { kind: "call", name: token.text, source };
    }
    throw new DuckyScriptError({
      source: this.scope.locate(token.index),
      what: "unexpected word in expression:",
      text: token.text,
      suggestions: closestNames(token.text, ["TRUE", "FALSE", ...OS_CONSTANTS.keys()]),
      hint: "variables start with $, constants with #, calls end in (); " + EXPRESSION_HINT,
    });
  }

  #number(token: Token): number {
    const value = token.text.startsWith("0x") || token.text.startsWith("0X")
      ? (token.text.length > 2 ? parseInt(token.text.slice(2), 16) : NaN)
      : Number(token.text);
    if (!Number.isInteger(value)) throw this.#error(token.index, "malformed number", token.text);
    if (value > UINT16_MAX) {
      throw new DuckyScriptError({
        source: this.scope.locate(token.index),
        what: "number out of range 0–65535:",
        text: token.text,
        hint: "DuckyScript variables and expressions are unsigned 16-bit integers",
      });
    }
    return value;
  }

  #enter(token: Token): void {
    this.#depth++;
    if (this.#depth > MAX_EXPRESSION_NESTING) {
      throw new DuckyScriptError({
        source: this.scope.locate(token.index),
        what: `expression nests deeper than ${MAX_EXPRESSION_NESTING} levels at`,
        text: token.text,
        hint: "split the expression over several VAR lines",
      });
    }
  }

  #error(index: number, what: string, text: string): DuckyScriptError {
    return new DuckyScriptError({
      source: this.scope.locate(index),
      what,
      text,
      hint: EXPRESSION_HINT,
    });
  }
}

function isWordCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5A) ||
    (code >= 0x61 && code <= 0x7A) || code === 0x5F;
}

function tokenize(text: string, scope: ExpressionScope): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    if (character === " " || character === "\t") {
      index++;
      continue;
    }
    const start = index;
    if (character === "(" || character === ")") {
      tokens.push({ kind: character === "(" ? "open" : "close", text: character, index });
      index++;
      continue;
    }
    if (character === "$" || character === "#" || isWordCharacter(text.charCodeAt(index))) {
      index++;
      while (index < text.length && isWordCharacter(text.charCodeAt(index))) index++;
      const word = text.slice(start, index);
      const kind: TokenKind = character === "$"
        ? "variable"
        : character === "#"
        ? "constant"
        : character >= "0" && character <= "9"
        ? "number"
        : "name";
      if ((kind === "variable" || kind === "constant") && word.length === 1) {
        throw new DuckyScriptError({
          source: scope.locate(start),
          what: "expected a name after",
          text: word,
          hint: EXPRESSION_HINT,
        });
      }
      tokens.push({ kind, text: word, index: start });
      continue;
    }
    const operator = OPERATORS_BY_LENGTH[0]!.find((candidate) =>
      text.startsWith(candidate, index)
    ) ??
      OPERATORS_BY_LENGTH[1]!.find((candidate) => candidate === character);
    if (operator === undefined) {
      const codePoint = String.fromCodePoint(text.codePointAt(index) ?? 0);
      throw new DuckyScriptError({
        source: scope.locate(index),
        what: character === "=" ? 'expected "==" to compare, got' : "unexpected",
        text: codePoint,
        hint: EXPRESSION_HINT,
      });
    }
    tokens.push({ kind: "operator", text: operator, index });
    index += operator.length;
  }
  return tokens;
}
