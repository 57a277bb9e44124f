/**
 * The manager app's output: one JSON object per line, `event` naming what happened
 * (dext/README.md, "The manager"), and what a `failed` event means for the user.
 *
 * @module
 */
import { systemExtensionError } from "../sysext/system_extension_errors.ts";
import { ActivationFailedError } from "./pipeline_errors.ts";

/** One event line of the manager: `event` plus its fields. */
export interface ManagerEvent {
  /** `submitted`, `replacing`, `needs-user-approval`, `approval-timed-out`, `completed`, `will-complete-after-reboot`, `failed` or `properties`. */
  readonly event: string;
  /** Every field of the line, `event` included. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Parses one line of the manager's standard output.
 *
 * @param line The line.
 * @returns The event, or `undefined` for a line that is not a JSON object with an `event`.
 *
 * @example
 * ```ts
 * import { parseManagerEvent } from "./manager_events.ts";
 *
 * const event = parseManagerEvent('{"event":"needs-user-approval","timeoutSeconds":600}');
 * console.assert(event?.event === "needs-user-approval" && event.fields.timeoutSeconds === 600);
 * console.assert(parseManagerEvent("hello") === undefined);
 * ```
 */
export function parseManagerEvent(line: string): ManagerEvent | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const fields = value as Record<string, unknown>;
    const event = fields["event"];
    return typeof event === "string" ? { event, fields } : undefined;
  } catch {
    return undefined;
  }
}

const REPLACEMENT_REASONS: Readonly<Record<string, { meaning: string; fix: string }>> = {
  "same-version": {
    meaning: "the same build number is already installed, so the manager kept it",
    fix: "rebuild (the build number rises with each commit, or each minute for uncommitted " +
      "changes) or pass --force to replace it anyway",
  },
  "older": {
    meaning: "a newer build is already installed, so the manager kept it",
    fix: "build a newer version, or `dextkit uninstall` first",
  },
};

/**
 * The error for a `failed` event (or a failure without one).
 *
 * @param request `activate` or `deactivate`.
 * @param event The `failed` event, if the manager printed one.
 * @param stderr The manager's standard error, for a failure without an event.
 * @returns The error to throw: for `OSSystemExtensionErrorDomain` codes 1–13 it says what the
 * code means and what to do.
 *
 * @example Error 3
 * ```ts
 * import { activationFailure, parseManagerEvent } from "./manager_events.ts";
 *
 * const event = parseManagerEvent('{"code":3,"domain":"OSSystemExtensionErrorDomain","event":"failed","message":"x","name":"unsupportedParentBundleLocation"}');
 * const error = activationFailure("activate", event, "");
 * console.assert(error.message.includes("not in /Applications") && error.code === 3);
 * ```
 */
export function activationFailure(
  request: string,
  event: ManagerEvent | undefined,
  stderr: string,
): ActivationFailedError {
  if (event === undefined) {
    const detail = stderr.trim().split("\n").pop() ?? "";
    return new ActivationFailedError(
      request,
      undefined,
      "",
      detail === "" ? "the manager exited without saying why" : detail,
      "run the manager yourself to see its output",
    );
  }
  const fields = event.fields;
  const code = typeof fields["code"] === "number" ? fields["code"] : undefined;
  const domain = typeof fields["domain"] === "string" ? fields["domain"] : "";
  const message = typeof fields["message"] === "string" ? fields["message"] : "";
  const reason = typeof fields["reason"] === "string" ? fields["reason"] : undefined;
  const replacement = reason === undefined || !Object.hasOwn(REPLACEMENT_REASONS, reason)
    ? undefined
    : REPLACEMENT_REASONS[reason];
  if (domain === "OSSystemExtensionErrorDomain" && code !== undefined) {
    const known = systemExtensionError(code);
    if (known !== undefined) {
      return new ActivationFailedError(
        request,
        code,
        known.name,
        replacement?.meaning ?? known.meaning,
        replacement?.fix ?? known.fix,
      );
    }
  }
  const name = typeof fields["name"] === "string" ? fields["name"] : "";
  return new ActivationFailedError(
    request,
    undefined,
    "",
    `${domain === "" ? "" : `${domain} `}${code === undefined ? "" : `error ${code} `}` +
      `${name === "" ? "" : `(${name}) `}${message}`.trim(),
    "read sysextd's log: `log show --last 10m --predicate 'process == \"sysextd\"'`",
  );
}
