/**
 * The channel between a recipe's process and the dextkit process under `dextkit run`.
 *
 * `dextkit run recipe.ts` starts the recipe in a child Deno process with only the permissions the
 * user passes on, and keeps the device (IOKit through FFI, the Karabiner socket) to itself. The
 * child's `recipe()` finds {@linkcode CHANNEL_ENV} set to `stdio` (it may read that one variable)
 * and sends its steps to the parent, which performs them on its live runtime and answers.
 *
 * The protocol, one JSON object per line, requests answered in order:
 *
 * - child → parent, on the child's **standard error**, each line starting with
 *   {@linkcode CHANNEL_MARK} (every other line is the recipe's own output and is passed on):
 *   `{"id":1,"op":"open","options":{…},"source":{…}}` (the recipe's own options: device and
 *   layout by name, timing, seed; and where `recipe()` was called), `{"id":2,"op":"step","step":{…}}` (a `RecipeStep`), and
 *   `{"id":3,"op":"finish","error":{…}}` (error present when the recipe function threw).
 * - parent → child, on the child's **standard input**: `{"id":1,"ok":true}`,
 *   `{"id":2,"ok":true,"reply":{…}}` (a `StepReply`), `{"id":3,"ok":true,"result":{…}}` (the
 *   `RecipeResult` without the host), or `{"id":n,"ok":false,"error":{"message","hint",
 *   "exitCode","source"?,"stoppedAfterMs"?}}`.
 *
 * Standard output stays the recipe's. Nothing on the channel grants the child anything beyond
 * asking for steps, which it could ask for anyway: the trust boundary is the permission set.
 *
 * @module
 */
import { DextkitError, type ExitCode } from "../errors.ts";
import type { SourceLocation } from "./action.ts";
import { formatSourceLocation, RecipeError } from "./recipe_errors.ts";
import type { RecipeOptions } from "./recipe_options.ts";
import type { RecipeConnection, RecipeRunner } from "./recipe_runtime.ts";
import type { RecipeResult } from "./recipe_session.ts";
import type { RecipeStep, StepReply } from "./recipe_step.ts";
import { TimeLimitReached } from "./scheduler.ts";

/**
 * The environment variable that tells a recipe process to use the channel.
 *
 * @example
 * ```ts
 * import { CHANNEL_ENV } from "./recipe_channel.ts";
 *
 * console.assert(CHANNEL_ENV === "DEXTKIT_RECIPE_CHANNEL");
 * ```
 */
export const CHANNEL_ENV = "DEXTKIT_RECIPE_CHANNEL";

/**
 * The prefix of the child's channel lines on standard error.
 *
 * @example
 * ```ts
 * import { CHANNEL_MARK } from "./recipe_channel.ts";
 *
 * console.assert(CHANNEL_MARK.startsWith("\u001e"));
 * ```
 */
export const CHANNEL_MARK = "\u001edextkit:";

/** An error as it crosses the channel. */
export interface ChannelError {
  /** The message, location included. */
  readonly message: string;
  /** The hint. */
  readonly hint: string;
  /** The exit code. */
  readonly exitCode: number;
  /** Where in the recipe, when known. */
  readonly source?: SourceLocation;
  /** Set when it is a dry run's time bound. */
  readonly stoppedAfterMs?: number;
}

type Request =
  | {
    readonly id: number;
    readonly op: "open";
    readonly options: RecipeOptions;
    readonly source?: SourceLocation;
  }
  | { readonly id: number; readonly op: "step"; readonly step: RecipeStep }
  | { readonly id: number; readonly op: "finish"; readonly error?: ChannelError };

type Response =
  | {
    readonly id: number;
    readonly ok: true;
    readonly reply?: StepReply;
    readonly result?: RecipeResult;
  }
  | { readonly id: number; readonly ok: false; readonly error: ChannelError };

/**
 * Turns an error into its channel form.
 *
 * @param error Any error.
 * @returns Message, hint, exit code, location, time bound.
 *
 * @example
 * ```ts
 * import { toChannelError } from "./recipe_channel.ts";
 *
 * console.assert(toChannelError(new Error("x")).message === "Error: x");
 * ```
 */
export function toChannelError(error: unknown): ChannelError {
  const bound = TimeLimitReached.in(error);
  if (bound !== undefined) {
    return { message: bound.message, hint: bound.hint, exitCode: 0, stoppedAfterMs: bound.limitMs };
  }
  if (error instanceof DextkitError) {
    const source = error instanceof RecipeError ? error.source : undefined;
    return {
      message: error.message,
      hint: error.hint,
      exitCode: error.exitCode,
      ...(source === undefined ? {} : { source }),
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { message, hint: "", exitCode: 1 };
}

/**
 * Turns a channel error back into an error of the same kind.
 *
 * @param error The channel form.
 * @returns A {@linkcode TimeLimitReached}, a located {@linkcode RecipeError}, or a
 * {@linkcode DextkitError}.
 *
 * @example
 * ```ts
 * import { fromChannelError } from "./recipe_channel.ts";
 *
 * const source = { file: "r.ts", line: 3, column: 5 };
 * const error = fromChannelError({ message: "r.ts:3:5: bad", hint: "", exitCode: 2, source });
 * console.assert(error.message === "r.ts:3:5: bad");
 * ```
 */
export function fromChannelError(error: ChannelError): DextkitError {
  if (error.stoppedAfterMs !== undefined) return new TimeLimitReached(error.stoppedAfterMs);
  const exitCode = error.exitCode as ExitCode;
  if (error.source !== undefined) {
    const prefix = `${formatSourceLocation(error.source)}: `;
    const message = error.message.startsWith(prefix)
      ? error.message.slice(prefix.length)
      : error.message;
    return new RecipeError(message, { source: error.source, hint: error.hint, exitCode });
  }
  return new DextkitError(error.message, { hint: error.hint, exitCode });
}

let client: ChannelClient | undefined;

/**
 * The channel runner, when this process is a recipe child of `dextkit run`.
 *
 * @returns The runner, or `undefined` in any other process.
 *
 * @example Not a recipe child
 * ```ts
 * import { channelRecipeRunner } from "./recipe_channel.ts";
 *
 * console.assert(channelRecipeRunner() === undefined || typeof channelRecipeRunner() === "object");
 * ```
 */
export function channelRecipeRunner(): RecipeRunner | undefined {
  const status = Deno.permissions.querySync({ name: "env", variable: CHANNEL_ENV });
  if (status.state !== "granted" || Deno.env.get(CHANNEL_ENV) !== "stdio") return undefined;
  client ??= new ChannelClient();
  return client;
}

/** The child's side: requests on standard error, answers from standard input. */
class ChannelClient implements RecipeRunner {
  readonly #encoder = new TextEncoder();
  readonly #decoder = new TextDecoder();
  readonly #buffer = new Uint8Array(65536);
  #text = "";
  #id = 0;
  #queue: Promise<unknown> = Promise.resolve();

  async open(own: RecipeOptions, source?: SourceLocation): Promise<RecipeConnection> {
    await this.#request({
      op: "open",
      options: portableOptions(own),
      ...(source === undefined ? {} : { source }),
    });
    return {
      perform: async (step) => (await this.#request({ op: "step", step })).reply as StepReply,
      finish: async (failure) => {
        const error = failure === undefined ? {} : { error: toChannelError(failure.error) };
        return (await this.#request({ op: "finish", ...error })).result as RecipeResult;
      },
    };
  }

  #request(
    message:
      | { op: "open"; options: RecipeOptions; source?: SourceLocation }
      | { op: "step"; step: RecipeStep }
      | { op: "finish"; error?: ChannelError },
  ): Promise<Extract<Response, { ok: true }>> {
    const run = this.#queue.then(async () => {
      const id = ++this.#id;
      writeAll(this.#encoder.encode(`${CHANNEL_MARK}${JSON.stringify({ id, ...message })}\n`));
      const response = JSON.parse(await this.#readLine()) as Response;
      if (!response.ok) throw fromChannelError(response.error);
      return response;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #readLine(): Promise<string> {
    while (true) {
      const newline = this.#text.indexOf("\n");
      if (newline !== -1) {
        const line = this.#text.slice(0, newline);
        this.#text = this.#text.slice(newline + 1);
        return line;
      }
      const count = await Deno.stdin.read(this.#buffer);
      if (count === null) {
        throw new DextkitError("the dextkit process closed the recipe channel", {
          hint: "the run was stopped; see the dextkit process's messages",
        });
      }
      this.#text += this.#decoder.decode(this.#buffer.subarray(0, count), { stream: true });
    }
  }
}

/** A request line, or `undefined` for one that is not a request (passed on as output). */
function parseRequest(text: string): Request | undefined {
  try {
    const value = JSON.parse(text) as Partial<Request> | null;
    const ops = ["open", "step", "finish"];
    return value !== null && typeof value === "object" && typeof value.id === "number" &&
        ops.includes(String(value.op))
      ? value as Request
      : undefined;
  } catch {
    return undefined;
  }
}

function renamedError(error: ChannelError, source: SourceLocation | undefined): ChannelError {
  if (error.source === undefined || source === undefined) return error;
  const prefix = `${formatSourceLocation(error.source)}: `;
  const message = error.message.startsWith(prefix)
    ? `${formatSourceLocation(source)}: ${error.message.slice(prefix.length)}`
    : error.message;
  return { ...error, message, source };
}

function writeAll(bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
}

/** The recipe's own options that cross the channel: names, numbers and flags. */
function portableOptions(own: RecipeOptions): RecipeOptions {
  const portable: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(own)) {
    if (name === "clock") continue;
    if (name === "device" && typeof value !== "string") continue;
    portable[name] = name === "layout" && typeof value === "object" && value !== null
      ? (value as { id: string }).id
      : value;
  }
  return portable as RecipeOptions;
}

/** What came of serving a recipe child. */
export interface ServedRecipes {
  /** The results of the recipes that finished. */
  readonly results: readonly RecipeResult[];
  /** The first failure, if a recipe failed. */
  readonly failure?: { readonly error: unknown };
}

/**
 * The dextkit side: reads the child's requests from its standard error, performs them on
 * `runner`, answers on its standard input, and passes every other line on. A recipe that
 * fails, or cannot start (bad options, no device), ends the child; a child that ends in the middle
 * of a recipe gets that recipe finished
 * (everything released) and reported as failed.
 *
 * @param child The recipe process, with piped stdin and stderr.
 * @param runner What opens recipes here (the CLI's runner).
 * @param passThrough Called with every line of the child's own standard error output.
 * @param sourceName Names recipe files in locations as the user knows them (the child sees
 * absolute paths); unchanged when omitted.
 * @returns The results and the first failure.
 *
 * @example The shape of a served run
 * ```ts
 * import type { ServedRecipes } from "./recipe_channel.ts";
 *
 * const served: ServedRecipes = { results: [] };
 * console.assert(served.failure === undefined);
 * ```
 */
export async function serveRecipeChannel(
  child: Deno.ChildProcess,
  runner: RecipeRunner,
  passThrough: (line: string) => void,
  sourceName: (file: string) => string = (file) => file,
): Promise<ServedRecipes> {
  const rename = (source: SourceLocation | undefined) =>
    source === undefined ? undefined : { ...source, file: sourceName(source.file) };
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const results: RecipeResult[] = [];
  let failure: { error: unknown } | undefined;
  let current: RecipeConnection | undefined;
  const respond = async (response: Response) => {
    try {
      await writer.write(encoder.encode(`${JSON.stringify(response)}\n`));
    } catch {
      // The child is gone; its end is handled when its output ends.
    }
  };
  const handle = async (request: Request): Promise<void> => {
    try {
      switch (request.op) {
        case "open":
          try {
            current = await runner.open(request.options);
          } catch (error) {
            throw RecipeError.locate(error, rename(request.source));
          }
          await respond({ id: request.id, ok: true });
          return;
        case "step": {
          if (current === undefined) {
            throw new DextkitError("a recipe step before its recipe started");
          }
          const source = rename(request.step.source);
          const reply = await current.perform(
            source === undefined ? request.step : { ...request.step, source },
          );
          await respond({ id: request.id, ok: true, reply });
          return;
        }
        case "finish": {
          const connection = current;
          current = undefined;
          if (connection === undefined) throw new DextkitError("a recipe finished twice");
          const error = request.error === undefined
            ? undefined
            : fromChannelError(renamedError(request.error, rename(request.error.source)));
          const result = await connection.finish(error === undefined ? undefined : { error });
          results.push(result);
          const { host: _host, ...portable } = result;
          await respond({ id: request.id, ok: true, result: portable });
          return;
        }
      }
    } catch (error) {
      if (request.op !== "step") {
        failure ??= { error };
        // The recipe failed (or could not start): end its process rather than let it report the
        // error a second time, with a stack trace.
        try {
          child.kill("SIGKILL");
        } catch {
          // Already gone.
        }
        return;
      }
      await respond({ id: request.id, ok: false, error: toChannelError(error) });
    }
  };
  const lines = child.stderr.pipeThrough(new TextDecoderStream());
  let pending = "";
  for await (const chunk of lines) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const mark = line.indexOf(CHANNEL_MARK);
      if (mark === -1) {
        passThrough(line);
        continue;
      }
      if (mark > 0) passThrough(line.slice(0, mark));
      const request = parseRequest(line.slice(mark + CHANNEL_MARK.length));
      if (request === undefined) passThrough(line.slice(mark + CHANNEL_MARK.length));
      else await handle(request);
    }
  }
  if (pending !== "") passThrough(pending);
  if (current !== undefined) {
    const error = new DextkitError("the recipe process ended in the middle of its recipe", {
      hint: "its own error is above; every key and button was released",
    });
    try {
      await current.finish({ error });
    } catch (thrown) {
      failure ??= { error: thrown };
    }
  }
  try {
    await writer.close();
  } catch {
    // Already closed by the child's end.
  }
  return failure === undefined ? { results } : { results, failure };
}
