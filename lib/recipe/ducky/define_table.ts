/**
 * DuckyScript 3.0 `DEFINE` constants: textual substitution.
 *
 * A DEFINE is static and textual: from its line to the end of the file (in file order, whatever
 * the control flow) its name is replaced by its value in STRING text, in STRING blocks, in every
 * command argument, in key-combo lines and in expressions. A name matches only as a whole word:
 * `#URL` matches in `#URL/x` but not in `#URLS`, and a name without `#` (some payloads omit it)
 * matches neither inside `FOOD` nor inside `A_FOO`. A value is substituted once: `#A` inside the
 * value of `#B` is expanded when `#B` is defined, never again, so substitution always ends.
 * A later DEFINE of the same name replaces the value from its line on.
 *
 * @module
 */

const NAME = /^[^\s0-9][^\s]*$/;

/**
 * The DEFINE constants seen so far.
 *
 * @example Define and substitute
 * ```ts
 * import { DefineTable } from "./define_table.ts";
 *
 * const defines = new DefineTable();
 * defines.define("#HOST", "example.com");
 * console.assert(defines.substitute("ping #HOST #HOSTS") === "ping example.com #HOSTS");
 * ```
 */
export class DefineTable {
  readonly #values = new Map<string, string>();
  #pattern: RegExp | undefined;
  /** True while every name starts with `#`, so text without `#` needs no search. */
  #allHashed = true;

  /**
   * Whether `name` is a valid constant name: a run of non-space characters, not starting with a
   * digit (`#HOST`,
   * `#MY-HOST`, `PAYLOAD.URL`). Substitution is plain text, as the reference compiler does: a
   * name is replaced wherever it is not part of a longer word.
   *
   * @param name The name as written.
   * @returns True when it can be defined.
   */
  static isValidName(name: string): boolean {
    return NAME.test(name);
  }

  /**
   * Defines (or redefines) a constant. Constants already defined are expanded in the value now.
   *
   * @param name A valid name (see {@linkcode DefineTable.isValidName}).
   * @param value The replacement text.
   */
  define(name: string, value: string): void {
    this.#values.set(name, this.substitute(value));
    if (!name.startsWith("#")) this.#allHashed = false;
    const alternatives = [...this.#values.keys()]
      .sort((a, b) => b.length - a.length)
      .map((key) =>
        (key.startsWith("#") ? "" : "(?<![A-Za-z0-9_])") + RegExp.escape(key) + "(?![A-Za-z0-9_])"
      );
    this.#pattern = new RegExp(alternatives.join("|"), "g");
  }

  /**
   * Replaces every defined name in `text` by its value.
   *
   * @param text Text from the file.
   * @returns The text with constants substituted; `text` itself when nothing matched.
   */
  substitute(text: string): string {
    const pattern = this.#pattern;
    if (pattern === undefined || (this.#allHashed && !text.includes("#"))) return text;
    return text.replace(pattern, (name) => this.#values.get(name) ?? name);
  }

  /**
   * The defined names, for "did you mean".
   *
   * @returns The names in definition order.
   */
  names(): Iterable<string> {
    return this.#values.keys();
  }
}
