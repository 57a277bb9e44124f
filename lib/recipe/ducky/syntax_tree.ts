/**
 * The parsed form of a DuckyScript file: statements with their source lines, function
 * definitions and variable slots. Key names are already resolved to canonical names and
 * expressions already parsed, so running the tree cannot fail on spelling.
 *
 * @module
 */
import type { PressAction, SourceLocation } from "../action.ts";
import type { Expression } from "./expression.ts";
import type { BinaryOperator } from "./uint16_math.ts";

/**
 * One statement of a parsed DuckyScript program. Every statement carries `source` (where its
 * command word starts) and `text` (its line, trimmed, for error messages).
 *
 * @example A DELAY statement
 * ```ts
 * import type { Statement } from "./syntax_tree.ts";
 *
 * const delay: Statement = {
 *   kind: "delay",
 *   amount: { kind: "number", value: 500 },
 *   source: { file: "a.txt", line: 1, column: 1 },
 *   text: "DELAY 500",
 * };
 * console.assert(delay.kind === "delay");
 * ```
 */
export type Statement =
  & {
    /** Where the statement's command word starts. */
    readonly source: SourceLocation;
    /** The statement's line, trimmed, for error messages. */
    readonly text: string;
  }
  & (
    | {
      /** A key combo, MEDIA, GLOBE or INJECT_MOD line. */
      readonly kind: "press";
      /** Its one action, shared by every execution (actions are read-only). */
      readonly action: PressAction;
    }
    | {
      /** STRING, STRINGLN, a STRING block, or 1.0's `STRING_DELAY n text`. */
      readonly kind: "text";
      /** The text, newlines included for STRINGLN. */
      readonly typed: string;
      /** The per-character delay of `STRING_DELAY n text`; other delays apply when undefined. */
      readonly ownDelay: number | undefined;
    }
    | {
      /** A RANDOM_* command. */
      readonly kind: "random";
      /** The characters to pick one from. */
      readonly characters: string;
    }
    | {
      /** HOLD or RELEASE. */
      readonly kind: "hold" | "release";
      /** Canonical key names, in press order. */
      readonly keys: readonly string[];
      /** The pointer button instead of keys, or undefined. */
      readonly button: number | undefined;
    }
    | {
      /** RESET or a bare RELEASE; WAIT_FOR_BUTTON_PRESS; STOP_PAYLOAD; a skipped command. */
      readonly kind: "releaseAll" | "waitForButton" | "stop" | "nothing";
    }
    | {
      /** WAIT_FOR_CAPS_ON and the other lock waits. */
      readonly kind: "lockWait";
      /** Which lock. */
      readonly lock: "capsLock" | "numLock" | "scrollLock";
      /** What to wait for. */
      readonly until: "on" | "off" | "change";
    }
    | {
      /** SAVE_HOST_KEYBOARD_LOCK_STATE, RESTORE_HOST_KEYBOARD_LOCK_STATE. */
      readonly kind: "saveLocks" | "restoreLocks";
    }
    | {
      /** INJECT_VAR $x: types the variable's value. */
      readonly kind: "injectVar";
      /** The variable's slot. */
      readonly slot: number;
    }
    | {
      /** A click line (LEFTCLICK, …). */
      readonly kind: "click";
      /** Button 1 (primary) to 3. */
      readonly button: number;
    }
    | {
      /** MOUSEMOVE dx dy. */
      readonly kind: "mouseMove";
      /** Horizontal motion, positive to the right. */
      readonly dx: number;
      /** Vertical motion, positive downwards. */
      readonly dy: number;
    }
    | {
      /** MOUSESCROLL n. */
      readonly kind: "scroll";
      /** Wheel steps, positive away from the user. */
      readonly amount: number;
    }
    | {
      /**
       * DELAY, DEFAULT_DELAY, Flipper's STRING_DELAY n (next STRING only),
       * DEFAULT_STRING_DELAY, REPEAT.
       */
      readonly kind: "delay" | "defaultDelay" | "stringDelay" | "defaultStringDelay" | "repeat";
      /** Milliseconds, or REPEAT's count. */
      readonly amount: Expression;
    }
    | {
      /** VAR, an assignment or an augmented assignment. */
      readonly kind: "assign";
      /** The variable's slot. */
      readonly slot: number;
      /** The operator of an augmented assignment (`+` for `+=`), or undefined for `=`. */
      readonly operator: BinaryOperator | undefined;
      /** The assigned expression. */
      readonly value: Expression;
    }
    | {
      /** IF … ELSE IF … ELSE … END_IF. */
      readonly kind: "if";
      /** IF and each ELSE IF in order: a condition (non-zero is true) and its block. */
      readonly branches: readonly {
        readonly condition: Expression;
        readonly body: readonly Statement[];
      }[];
      /** The ELSE block, or undefined. */
      readonly otherwise: readonly Statement[] | undefined;
    }
    | {
      /** WHILE … END_WHILE. */
      readonly kind: "while";
      /** The loop condition; non-zero is true. */
      readonly condition: Expression;
      /** The loop body. */
      readonly body: readonly Statement[];
    }
    | {
      /** A call `NAME()` on a line of its own. */
      readonly kind: "call";
      /** The function name, without `()`. */
      readonly name: string;
    }
    | {
      /** RETURN. */
      readonly kind: "return";
      /** The returned value, or undefined (the call's value is then 0). */
      readonly value: Expression | undefined;
    }
  );

/**
 * A FUNCTION … END_FUNCTION definition.
 *
 * @example An empty function
 * ```ts
 * import type { FunctionDefinition } from "./syntax_tree.ts";
 *
 * const definition: FunctionDefinition = {
 *   name: "OPEN_TERMINAL",
 *   source: { file: "a.txt", line: 4, column: 1 },
 *   body: [],
 * };
 * console.assert(definition.body.length === 0);
 * ```
 */
export interface FunctionDefinition {
  /** The name, without `()`. */
  readonly name: string;
  /** The FUNCTION line. */
  readonly source: SourceLocation;
  /** The body. */
  readonly body: readonly Statement[];
}

/**
 * A variable slot: its name and its value before the payload assigns it.
 *
 * @example The slot of $COUNT
 * ```ts
 * import type { VariableSlot } from "./syntax_tree.ts";
 *
 * const slot: VariableSlot = { name: "$COUNT", initial: 0 };
 * console.assert(slot.name.startsWith("$"));
 * ```
 */
export interface VariableSlot {
  /** The name, with its `$`. */
  readonly name: string;
  /** The initial value. */
  readonly initial: number;
}

/**
 * A parsed DuckyScript file, ready to run.
 *
 * @example The smallest program
 * ```ts
 * import type { ParsedProgram } from "./syntax_tree.ts";
 *
 * const empty: ParsedProgram = {
 *   main: [],
 *   functions: new Map(),
 *   variables: [],
 *   statementCount: 0,
 *   keyboard: undefined,
 * };
 * console.assert(empty.main.length === 0);
 * ```
 */
export interface ParsedProgram {
  /** The top-level statements, in file order. */
  readonly main: readonly Statement[];
  /** The functions by name. */
  readonly functions: ReadonlyMap<string, FunctionDefinition>;
  /** The variable slots, internal variables included. */
  readonly variables: readonly VariableSlot[];
  /** How many statements the file holds (it bounds how long a run may take). */
  readonly statementCount: number;
  /** The USB ids from `ID` or `ATTACKMODE … VID_x PID_y`, if the file names both. */
  readonly keyboard: { readonly vendorId: number; readonly productId: number } | undefined;
}
