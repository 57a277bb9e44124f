/**
 * Lines typed on the terminal, for `WAIT_FOR_BUTTON_PRESS`: the user presses Enter to go on.
 *
 * @module
 */

/** A source of input lines. */
export interface LineReader {
  /**
   * Waits for the next line.
   *
   * @returns The line without its line break, or `null` when the input has ended.
   */
  readLine(): Promise<string | null>;
}

/**
 * Reads lines from the process's standard input. A read that is still waiting when the caller
 * gave up on it (a button wait that timed out) is not lost: the next `readLine()` gets its line.
 *
 * @example Wait for Enter, or end of input, but not forever
 * ```ts
 * import { StdinLineReader } from "./terminal_input.ts";
 *
 * const reader = new StdinLineReader();
 * console.assert(typeof reader.readLine === "function");
 * ```
 */
export class StdinLineReader implements LineReader {
  readonly #decoder = new TextDecoder();
  readonly #buffer = new Uint8Array(1024);
  #text = "";
  #ended = false;
  #pending: Promise<string | null> | undefined;

  /**
   * Waits for the next line of standard input.
   *
   * @returns The line, or `null` once standard input has ended.
   */
  readLine(): Promise<string | null> {
    this.#pending ??= this.#read().finally(() => this.#pending = undefined);
    return this.#pending;
  }

  async #read(): Promise<string | null> {
    while (true) {
      const newline = this.#text.indexOf("\n");
      if (newline !== -1) {
        const line = this.#text.slice(0, newline).replace(/\r$/, "");
        this.#text = this.#text.slice(newline + 1);
        return line;
      }
      if (this.#ended) {
        if (this.#text === "") return null;
        const line = this.#text;
        this.#text = "";
        return line;
      }
      const count = await Deno.stdin.read(this.#buffer);
      if (count === null) {
        this.#ended = true;
        this.#text += this.#decoder.decode();
      } else {
        this.#text += this.#decoder.decode(this.#buffer.subarray(0, count), { stream: true });
      }
    }
  }
}
