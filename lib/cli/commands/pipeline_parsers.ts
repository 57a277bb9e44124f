/**
 * The command-line syntax of the pipeline commands: `build`, `sign`, `notarize`, `package`,
 * `install-dext`, `reboot`, `uninstall` and `release`. Every one takes `--dry-run` (print the
 * exact plan, secrets redacted, run nothing; works on any system) and `--json` (one JSON event
 * per line on standard output); all but `reboot` take `--config` (a project directory, or its
 * dextkit.json or deno.json).
 *
 * @module
 */
import {
  argument,
  command,
  constant,
  flag,
  message,
  object,
  option,
  optional,
  or,
  string,
} from "../../deps/optique_core.ts";
import { pathValue } from "../path_value.ts";

const dryRun = optional(flag("--dry-run", {
  description: message`print the exact commands (secrets redacted) and run nothing`,
}));

const json = optional(flag("--json", {
  description: message`progress and result as JSON lines on standard output`,
}));

const config = optional(option("--config", pathValue("PATH", "any"), {
  description:
    message`the project directory, or its dextkit.json or deno.json (default: the current directory)`,
}));

const build = command(
  "build",
  object({
    command: constant("build"),
    skipVersionCheck: optional(flag("--skip-version-check", {
      description:
        message`build even if the build number is not above the installed driver's (the result cannot replace it)`,
    })),
    config,
    dryRun,
    json,
  }),
  {
    description: message`xcodegen and xcodebuild: the manager app with the dext, versions stamped`,
  },
);

const sign = command(
  "sign",
  object({ command: constant("sign"), config, dryRun, json }),
  {
    description:
      message`sign the dext, then the app, injecting the entitlements; verify what landed`,
  },
);

const notarize = command(
  "notarize",
  object({
    command: constant("notarize"),
    path: optional(argument(pathValue("PATH", "any"), {
      description: message`the .app, .pkg or .dmg to notarize (default: the built manager app)`,
    })),
    resume: optional(option("--resume", string({ metavar: "ID" }), {
      description: message`wait for an earlier submission instead of submitting again`,
    })),
    config,
    dryRun,
    json,
  }),
  { description: message`submit to Apple's notary service, wait, print the issues, staple` },
);

const packageCommand = command(
  "package",
  object({ command: constant("package"), config, dryRun, json }),
  { description: message`pkgbuild and productsign an installer package of the signed app` },
);

const installDext = command(
  "install-dext",
  object({
    command: constant("install-dext"),
    reset: optional(flag("--reset", {
      description:
        message`systemextensionsctl reset first (SIP must be disabled), then install; restart after`,
    })),
    force: optional(flag("--force", {
      description: message`replace an installed driver with the same build number`,
    })),
    config,
    dryRun,
    json,
  }),
  {
    description:
      message`copy the manager app to /Applications, activate the driver, wait until it is enabled`,
  },
);

const reboot = command(
  "reboot",
  object({
    command: constant("reboot"),
    yes: optional(flag("-y", "--yes", { description: message`restart without asking` })),
    dryRun,
    json,
  }),
  { description: message`restart the Mac (asks first unless --yes)` },
);

const uninstall = command(
  "uninstall",
  object({ command: constant("uninstall"), config, dryRun, json }),
  { description: message`deactivate the driver and remove the manager app` },
);

const release = command(
  "release",
  object({ command: constant("release"), config, dryRun, json }),
  { description: message`build, sign, package, notarize and staple (distribution)` },
);

/**
 * The pipeline commands, one parser to add to the `dextkit` command line. Left out of the API
 * docs (`@ignore`): its type is Optique's, which the docs cannot show.
 *
 * @ignore
 * @example
 * ```ts
 * import { pipelineCommands } from "./pipeline_parsers.ts";
 * import { parse } from "../../deps/optique_core.ts";
 *
 * const result = parse(pipelineCommands, ["install-dext", "--reset", "--dry-run"]);
 * console.assert(result.success && result.value.command === "install-dext");
 * ```
 */
export const pipelineCommands = or(
  build,
  sign,
  notarize,
  packageCommand,
  installDext,
  reboot,
  uninstall,
  release,
);
