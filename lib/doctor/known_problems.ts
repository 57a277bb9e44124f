/**
 * Known crash signatures and error messages around a DriverKit driver's life — what each
 * means and what to do (driverkit-field-notes, driverkit-reference §7, macos-tooling-reference
 * §3–§5). `dextkit explain` searches this table by text; the crash report check names its
 * findings after its entries.
 *
 * @module
 */

/** What kind of text a known problem is. */
export type KnownProblemKind = "crash" | "message" | "state";

/** One known crash signature or message. */
export interface KnownProblem {
  /** A stable identifier, e.g. `sysextd-bad-instruction`. */
  readonly id: string;
  /** What it is. */
  readonly kind: KnownProblemKind;
  /** The signature or message as people meet it, e.g. `EXC_CRASH (Code Signature Invalid)`. */
  readonly name: string;
  /** Texts that show it (a crash line, a log line, an error a tool printed). */
  readonly patterns: readonly RegExp[];
  /** What it means. */
  readonly meaning: string;
  /** What to do. */
  readonly fix: string;
}

/**
 * The fix for stale or duplicate extension versions (driverkit-field-notes: "Execute
 * `systemextensionsctl reset`, then install your system extension again"), and a restart.
 *
 * @example
 * ```ts
 * import { RESET_AND_REINSTALL } from "./known_problems.ts";
 *
 * console.assert(RESET_AND_REINSTALL.includes("install-dext --reset"));
 * ```
 */
export const RESET_AND_REINSTALL: string =
  "reset and reinstall with `dextkit install-dext --reset` (needs SIP disabled; it runs " +
  "`systemextensionsctl reset`), approve the driver again, then reboot";

/**
 * Every known crash signature and message.
 *
 * @example
 * ```ts
 * import { KNOWN_PROBLEMS } from "./known_problems.ts";
 *
 * console.assert(KNOWN_PROBLEMS.some((problem) => problem.id === "code-signature-invalid"));
 * ```
 */
export const KNOWN_PROBLEMS: readonly KnownProblem[] = Object.freeze(([
  {
    id: "sysextd-bad-instruction",
    kind: "crash",
    name: "sysextd crashed: EXC_BAD_INSTRUCTION (SIGILL)",
    patterns: [/EXC_BAD_INSTRUCTION/i, /\bSIGILL\b/],
    meaning: "sysextd, which manages system extensions, hit a fatal error: either several " +
      "versions of the dext are installed at once, or the dext itself crashes in init() or Start()",
    fix: `${RESET_AND_REINSTALL}; if it happens again, the dext crashes while starting: read ` +
      "`dextkit logs` and add log lines to init() and Start()",
  },
  {
    id: "activate-found-extensions",
    kind: "message",
    name: "Activate found 2 extensions in active state",
    patterns: [/Activate found \d+ extensions? in active state/i],
    meaning: "sysextd (Swift fatal error) found more than one active version of the same " +
      "extension and stopped",
    fix: RESET_AND_REINSTALL,
  },
  {
    id: "code-signature-invalid",
    kind: "crash",
    name: "EXC_CRASH (Code Signature Invalid)",
    patterns: [/Code Signature Invalid/i, /namespace[" :]+CODESIGNING/i],
    meaning: "macOS killed the dext at launch: it carries an entitlement it may not have " +
      "(com.apple.developer.hid.virtual.device, com.apple.developer.system-extension." +
      "redistributable), or it is not notarized while SIP is on",
    fix: "remove the extra entitlements and sign again (`dextkit doctor` checks both the " +
      "entitlement files and the installed signature); with SIP on, notarize the app",
  },
  {
    id: "dext-crash-in-start",
    kind: "crash",
    name: "the dext crashed in init() or Start()",
    patterns: [/crash(?:ed|es)? in (?:init|Start)/i],
    meaning: "the driver dies while starting, before it registers its service; sysextd may " +
      "crash too (EXC_BAD_INSTRUCTION)",
    fix: "add log messages to init() and Start(), reinstall, and read them with `dextkit logs`",
  },
  {
    id: "dext-crashed",
    kind: "message",
    name: "Driver <bundle id> has crashed <n> time(s)",
    patterns: [/Driver \S+ has crashed \d+ time/i],
    meaning: "the kernel restarted a crashed dext; after too many crashes it stops restarting it",
    fix: "read the dext's crash report (`dextkit doctor` lists recent ones) and `dextkit logs`",
  },
  {
    id: "driver-version-mismatch",
    kind: "message",
    name: "driver_version_ is mismatched / macOS restart required",
    patterns: [/driver_version_? is mismatched/i, /macOS restart required/i],
    meaning: "a newer dext is installed but the old one is still running: replacing a dext " +
      "does not restart the running process",
    fix: "reboot the Mac",
  },
  {
    id: "userclient-access",
    kind: "message",
    name: "UC failed userclient-access check / UC entitlements check failed",
    patterns: [/userclient-access check/i, /UC entitlements check failed/i],
    meaning: "the client process lacks com.apple.developer.driverkit.userclient-access listing " +
      "the dext's bundle id, and the dext does not allow any client; IOServiceOpen returns " +
      "kIOReturnNotPermitted (0xe00002e2)",
    fix: "sign the dext with com.apple.developer.driverkit.allow-any-userclient-access (the " +
      "development set does), or run the client as a signed app with userclient-access",
  },
  {
    id: "dext-entitlements-check-failed",
    kind: "message",
    name: "IOUserServer exit(Entitlements check failed) / family entitlements check failed",
    patterns: [
      /exit\(Entitlements check failed\)/i,
      /family entitlements check failed/i,
      /Provider entitlements check failed/i,
    ],
    meaning: "the dext lacks the entitlement its kernel support class needs " +
      "(com.apple.developer.driverkit.family.hid.device for AppleUserHIDDevice)",
    fix: "add the family entitlement to the dext's entitlements file (and to its provisioning " +
      "profile), then sign again",
  },
  {
    id: "cdhash-check-failed",
    kind: "message",
    name: "IOUserServer exit(CDHash check failed)",
    patterns: [/CDHash check failed/i],
    meaning: "the dext binary changed after macOS staged it (re-signed or rebuilt in place)",
    fix: "bump CFBundleVersion, install again with `dextkit install-dext`, then reboot",
  },
  {
    id: "driverkit-entitlement-check-failed",
    kind: "message",
    name: "com.apple.developer.driverkit entitlement check failed",
    patterns: [/com\.apple\.developer\.driverkit entitlement check failed/i],
    meaning: "the dext's signature lacks com.apple.developer.driverkit, so the kernel will not " +
      "start it",
    fix: "sign with the entitlements injected (`dextkit sign`) and a profile that allows them",
  },
  {
    id: "failed-to-parse-entitlements",
    kind: "message",
    name: "Failed to parse entitlements",
    patterns: [/Failed to parse entitlements/i],
    meaning: "codesign could not read the entitlements file (an XML comment is enough) and " +
      "signed WITHOUT entitlements, still exiting 0",
    fix: "remove comments and fix the XML of the entitlements file, sign again, and check with " +
      "`codesign -d --entitlements - --xml`",
  },
  {
    id: "provisioning-profile-driverkit",
    kind: "message",
    name: "Xcode requires a provisioning profile which supports DriverKit",
    patterns: [
      /provisioning profile which supports DriverKit/i,
      /doesn't match the entitlements file's value/i,
    ],
    meaning: "Xcode only signs with DriverKit entitlements when the team's profile allows them",
    fix: "build without entitlements and inject them at codesign time, as dextkit's build and " +
      "sign steps do",
  },
  {
    id: "sip-refuses-systemextensionsctl",
    kind: "message",
    name: "this tool cannot be used if System Integrity Protection is enabled",
    patterns: [/cannot be used if System Integrity Protection is enabled/i],
    meaning: "`systemextensionsctl reset`, `uninstall` and `developer` only work with SIP " +
      "disabled",
    fix: "boot into Recovery, run `csrutil disable`, reboot, and run the command again",
  },
  {
    id: "err-sec-internal-component",
    kind: "message",
    name: "errSecInternalComponent",
    patterns: [/errSecInternalComponent/],
    meaning: "codesign could not use the signing key: the keychain is locked or its partition " +
      "list does not allow codesign (typical in CI)",
    fix: "unlock the keychain and run `security set-key-partition-list -S apple-tool:,apple:," +
      "codesign: -s -k <password> <keychain>`",
  },
  {
    id: "detritus-not-allowed",
    kind: "message",
    name: "resource fork, Finder information, or similar detritus not allowed",
    patterns: [/detritus not allowed/i],
    meaning: "the bundle carries extended attributes codesign refuses to sign",
    fix: "run `xattr -cr <bundle>` and sign again",
  },
  {
    id: "notary-hardened-runtime",
    kind: "message",
    name: "The executable does not have the hardened runtime enabled.",
    patterns: [/does not have the hardened runtime enabled/i],
    meaning: "notarization refuses code signed without the hardened runtime flag",
    fix: "sign with `--options runtime` (dextkit's sign step does) and submit again",
  },
  {
    id: "notary-secure-timestamp",
    kind: "message",
    name: "The signature does not include a secure timestamp.",
    patterns: [/does not include a secure timestamp/i],
    meaning: "notarization needs Apple's timestamp in the signature; it was signed offline or " +
      "without --timestamp",
    fix: "sign with `--timestamp` while online and submit again",
  },
  {
    id: "notary-not-developer-id",
    kind: "message",
    name: "The binary is not signed with a valid Developer ID certificate.",
    patterns: [/not signed with a valid Developer ID certificate/i],
    meaning: "only Developer ID Application signatures can be notarized (an Apple Development " +
      "signature cannot)",
    fix: "set dextkit.signing.entitlements to distribution with a Developer ID Application " +
      "identity, sign again and submit again",
  },
  {
    id: "notary-signature-invalid",
    kind: "message",
    name: "The signature of the binary is invalid.",
    patterns: [/signature of the binary is invalid/i],
    meaning: "the binary was changed after signing, or signed in the wrong order",
    fix: "sign inside-out (dext first, then the app), never with --deep, and submit again",
  },
  {
    id: "notary-get-task-allow",
    kind: "message",
    name: "The executable requests the com.apple.security.get-task-allow entitlement.",
    patterns: [/requests the com\.apple\.security\.get-task-allow entitlement/i],
    meaning: "debug builds carry get-task-allow, which notarization refuses",
    fix: "build Release and sign without get-task-allow",
  },
  {
    id: "terminated-waiting-to-uninstall",
    kind: "state",
    name: "terminated waiting to uninstall on reboot",
    patterns: [/terminated[ _]waiting[ _]to[ _]uninstall[ _]on[ _]reboot/i],
    meaning: "an old version was replaced but keeps running until the Mac restarts",
    fix: "reboot the Mac",
  },
  {
    id: "activated-waiting-for-user",
    kind: "state",
    name: "activated waiting for user",
    patterns: [/activated[ _]waiting[ _]for[ _]user/i, /requestNeedsUserApproval/i],
    meaning: "macOS waits for the user to allow the driver extension",
    fix: "approve it in System Settings > General > Login Items & Extensions > Driver " +
      "Extensions (macOS 13–14: Privacy & Security)",
  },
  {
    id: "will-complete-after-reboot",
    kind: "state",
    name: "OSSystemExtensionRequest will complete after reboot",
    patterns: [/WillCompleteAfterReboot/i, /will complete after (?:a )?reboot/i],
    meaning: "the activation replaced a running dext; the new one starts after a restart",
    fix: "reboot the Mac",
  },
] satisfies KnownProblem[]).map((problem) => Object.freeze(problem)));

/**
 * Finds every known problem a text shows.
 *
 * @param text A message, log line or crash line.
 * @returns The matching entries, in table order.
 *
 * @example
 * ```ts
 * import { findKnownProblems } from "./known_problems.ts";
 *
 * const found = findKnownProblems("sysextd: (libswiftCore.dylib) Fatal error: Activate found 2 extensions in active state, ID: 1");
 * console.assert(found[0]?.id === "activate-found-extensions");
 * ```
 */
export function findKnownProblems(text: string): KnownProblem[] {
  return KNOWN_PROBLEMS.filter((problem) =>
    problem.patterns.some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(text);
    })
  );
}

/**
 * The entry with an identifier.
 *
 * @param id An identifier from the table.
 * @returns The entry.
 * @throws {Error} When no entry has it (a mistake in dextkit's code).
 *
 * @example
 * ```ts
 * import { knownProblem } from "./known_problems.ts";
 *
 * console.assert(knownProblem("cdhash-check-failed").fix.includes("CFBundleVersion"));
 * ```
 */
export function knownProblem(id: string): KnownProblem {
  const problem = KNOWN_PROBLEMS.find((entry) => entry.id === id);
  if (problem === undefined) throw new Error(`no known problem ${id}`);
  return problem;
}
