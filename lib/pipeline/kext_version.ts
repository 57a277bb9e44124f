/**
 * The kext version grammar, which a dext's `CFBundleVersion` must follow: xnu registers a dext
 * as a codeless kext and rejects the bundle ("CFBundleVersion bad value") when
 * `OSKextParseVersionString` cannot parse it (macos-corrections.md item 1; xnu
 * `libkern/OSKextVersion.c`, `libkern/c++/OSKext.cpp`; IOKitUser's `OSKext.c` checks DEXT
 * packages the same way).
 *
 * The grammar: one to three dot-separated numeric components of one to four digits each
 * (`VERS_MAJOR_DIGITS`, `VERS_MINOR_DIGITS`, `VERS_REVISION_DIGITS` are 4), optionally followed
 * by a stage letter — `d` (development), `a` (alpha), `b` (beta), `f` or `fc` (final candidate)
 * — and a level of one to three digits, at most 255 (`VERS_STAGE_LEVEL_MAX`). This validator is
 * stricter than the kernel in one way: it refuses surrounding whitespace, which the parser may
 * skip but no build of ours ever writes.
 *
 * This is the one implementation: the build step, the install guard, `dextkit doctor` and the
 * macOS CI job (`scripts/check_kext_version.ts`) all call it.
 *
 * @module
 */

/** A parsed kext version. */
export interface KextVersion {
  /** The numeric components, one to three. */
  readonly components: readonly number[];
  /** The stage; `release` when no stage letter follows the numbers. */
  readonly stage: "development" | "alpha" | "beta" | "candidate" | "release";
  /** The stage level (0 for a release). */
  readonly level: number;
}

/** Why a string is not a kext version, or `undefined` when it is one. */
export type KextVersionProblem = string | undefined;

const MAX_COMPONENTS = 3;
const MAX_COMPONENT_DIGITS = 4;
const MAX_LEVEL_DIGITS = 3;
const MAX_LEVEL = 255;
const STAGES = {
  d: "development",
  a: "alpha",
  b: "beta",
  f: "candidate",
  fc: "candidate",
} as const;
const SHAPE = /^([0-9.]*)(fc|[dabf])?([0-9]*)$/;

/**
 * Parses a kext version.
 *
 * @param text A CFBundleVersion.
 * @returns The version, or the reason it is invalid (a sentence naming the offending part).
 *
 * @example
 * ```ts
 * import { parseKextVersion } from "./kext_version.ts";
 *
 * const parsed = parseKextVersion("1.2.3b7");
 * console.assert(typeof parsed !== "string" && parsed.stage === "beta" && parsed.level === 7);
 * console.assert(typeof parseKextVersion("790000") === "string");
 * ```
 */
export function parseKextVersion(text: string): KextVersion | string {
  const shape = SHAPE.exec(text);
  if (shape === null) {
    return `"${text}" has characters a kext version cannot have (digits, dots and one stage ` +
      "letter d, a, b, f or fc only)";
  }
  const [, numbers = "", letter, levelText = ""] = shape;
  const parts = numbers.split(".");
  if (parts.length > MAX_COMPONENTS) {
    return `"${text}" has ${parts.length} components; a kext version has at most ${MAX_COMPONENTS}`;
  }
  for (const [index, part] of parts.entries()) {
    if (part === "") {
      return `"${text}": component ${index + 1} is empty`;
    }
    if (part.length > MAX_COMPONENT_DIGITS) {
      return `"${text}": component ${index + 1} (${part}) has ${part.length} digits; ` +
        `at most ${MAX_COMPONENT_DIGITS} are allowed`;
    }
  }
  const components = parts.map(Number);
  if (letter === undefined) {
    if (levelText !== "") return `"${text}": digits after the numbers need a stage letter`;
    return { components, stage: "release", level: 0 };
  }
  if (levelText === "") return `"${text}": the stage letter ${letter} needs a level (1–255)`;
  if (levelText.length > MAX_LEVEL_DIGITS || Number(levelText) > MAX_LEVEL) {
    return `"${text}": stage level ${levelText} is above ${MAX_LEVEL}`;
  }
  return {
    components,
    stage: STAGES[letter as keyof typeof STAGES],
    level: Number(levelText),
  };
}

/**
 * Why a CFBundleVersion would make the kernel reject the dext, or `undefined` when it is valid.
 *
 * @param text A CFBundleVersion.
 * @returns The problem, or `undefined`.
 *
 * @example
 * ```ts
 * import { kextVersionProblem } from "./kext_version.ts";
 *
 * console.assert(kextVersionProblem("702.1439.59") === undefined);
 * console.assert(kextVersionProblem("790000")?.includes("6 digits"));
 * ```
 */
export function kextVersionProblem(text: string): KextVersionProblem {
  const parsed = parseKextVersion(text);
  return typeof parsed === "string" ? parsed : undefined;
}

/**
 * Whether a CFBundleVersion is a valid kext version.
 *
 * @param text A CFBundleVersion.
 * @returns `true` when the kernel can parse it.
 *
 * @example
 * ```ts
 * import { isKextVersion } from "./kext_version.ts";
 *
 * console.assert(isKextVersion("1.0.0fc3"));
 * console.assert(!isKextVersion("1.0.0.0"));
 * ```
 */
export function isKextVersion(text: string): boolean {
  return kextVersionProblem(text) === undefined;
}
