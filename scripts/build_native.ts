/**
 * Builds the native parts that tests need: the `dext/core` unit-test binary, the fake IOKit
 * shared library (`libfakeiokit.so`, which runs `dext/core` behind the IOKit C ABI), the fake
 * text-input library (`libfaketextinput.so`, the Text Input Sources / `UCKeyTranslate` C ABI) and
 * the HID-system stand-in of the Karabiner tests (`libfakehidsystem.so`, the lock-state calls).
 *
 * Run: `deno task build-native` (add `--force` to rebuild everything). Tests call
 * {@linkcode buildNative} themselves first. A target is rebuilt only when one of its sources, or
 * this script, is newer than its output. The compiler is `$CXX`, else `g++`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { DextkitError, ExitCode } from "../lib/errors.ts";

/**
 * Where the `dext/core` unit-test binary is written, relative to the repository root.
 *
 * @example
 * ```ts
 * import { CORE_TESTS_PATH } from "./build_native.ts";
 *
 * console.assert(CORE_TESTS_PATH.startsWith("dext/build/"));
 * ```
 */
export const CORE_TESTS_PATH = "dext/build/dext_core_tests";

/**
 * Where the fake IOKit library is written, relative to the repository root. Point
 * `DEXTKIT_IOKIT_LIBRARY` at it to run the `iokit` backend on Linux.
 *
 * @example
 * ```ts
 * import { FAKE_IOKIT_LIBRARY_PATH } from "./build_native.ts";
 *
 * console.assert(FAKE_IOKIT_LIBRARY_PATH.endsWith("libfakeiokit.so"));
 * ```
 */
export const FAKE_IOKIT_LIBRARY_PATH = "tests/fake_iokit/build/libfakeiokit.so";

/**
 * Where the fake text-input library is written, relative to the repository root. Point
 * `DEXTKIT_TEXTINPUT_LIBRARY` at it to read "the Mac's current layout" on Linux.
 *
 * @example
 * ```ts
 * import { FAKE_TEXTINPUT_LIBRARY_PATH } from "./build_native.ts";
 *
 * console.assert(FAKE_TEXTINPUT_LIBRARY_PATH.endsWith("libfaketextinput.so"));
 * ```
 */
export const FAKE_TEXTINPUT_LIBRARY_PATH = "tests/fake_textinput/build/libfaketextinput.so";

/**
 * Where the HID-system stand-in is written, relative to the repository root. Point
 * `DEXTKIT_HID_SYSTEM_LIBRARY` at it to have the karabiner device read Caps Lock from it
 * (`tests/fake_karabiner/README.md`).
 *
 * @example
 * ```ts
 * import { FAKE_HID_SYSTEM_LIBRARY_PATH } from "./build_native.ts";
 *
 * console.assert(FAKE_HID_SYSTEM_LIBRARY_PATH.endsWith("libfakehidsystem.so"));
 * ```
 */
export const FAKE_HID_SYSTEM_LIBRARY_PATH = "tests/fake_karabiner/build/libfakehidsystem.so";

/** Options of {@linkcode buildNative}. */
export interface NativeBuildOptions {
  /** The repository root; defaults to the directory above this script. */
  readonly root?: string;
  /** The C++ compiler; defaults to `$CXX`, else `g++`. */
  readonly compiler?: string;
  /** Rebuild even when the outputs are up to date. */
  readonly force?: boolean;
}

/** What {@linkcode buildNative} produced. */
export interface NativeBuildResult {
  /** Absolute path of the `dext/core` unit-test binary. */
  readonly coreTests: string;
  /** Absolute path of `libfakeiokit.so`. */
  readonly fakeIokit: string;
  /** Absolute path of `libfaketextinput.so`. */
  readonly fakeTextInput: string;
  /** Absolute path of `libfakehidsystem.so`. */
  readonly fakeHidSystem: string;
  /** Repository-relative paths of the outputs that were compiled this time. */
  readonly rebuilt: readonly string[];
}

/**
 * A native build step failed: the compiler is missing or reported errors.
 *
 * @example Show the compiler's complaint
 * ```ts
 * import { NativeBuildError } from "./build_native.ts";
 *
 * const error = new NativeBuildError("dext/build/dext_core_tests", "g++", "a.cpp:1: error: x");
 * console.assert(error.message.includes("a.cpp:1: error: x"));
 * console.assert(error.compilerOutput === "a.cpp:1: error: x");
 * ```
 */
export class NativeBuildError extends DextkitError {
  /** Everything the compiler printed. */
  readonly compilerOutput: string;

  /**
   * Creates the error.
   *
   * @param output The repository-relative output that could not be built.
   * @param compiler The compiler command.
   * @param compilerOutput What the compiler printed, or why it could not start.
   */
  constructor(output: string, compiler: string, compilerOutput: string) {
    const firstError = compilerOutput.split("\n").find((line) => /error/i.test(line)) ??
      compilerOutput.split("\n")[0] ?? "";
    super(`${compiler} could not build ${output}: ${firstError.trim()}`, {
      hint: compilerOutput.startsWith("not found")
        ? `install a C++17 compiler (e.g. \`apt-get install g++\`) or set CXX to one`
        : "fix the error above; run `deno task build-native` to see the full compiler output",
      exitCode: ExitCode.Failure,
    });
    this.compilerOutput = compilerOutput;
  }
}

interface Target {
  readonly output: string;
  readonly sources: readonly string[];
  readonly dependencies: readonly string[];
  readonly flags: readonly string[];
  /** `c` sources go to the C compiler (`CC`, else gcc); C++ is the default. */
  readonly language?: "c";
}

const COMMON_FLAGS = [
  "-std=c++17",
  "-O2",
  "-Wall",
  "-Wextra",
  "-Wconversion",
  "-pedantic",
  "-Werror",
  "-Idext/include",
  "-Idext/core",
];

/**
 * Compiles whatever is out of date and returns the output paths.
 *
 * @param options Root, compiler and force.
 * @returns The absolute output paths and which outputs were rebuilt.
 * @throws {NativeBuildError} When the compiler is missing or fails.
 *
 * @example Build before a test
 * ```ts
 * import { buildNative } from "./build_native.ts";
 *
 * const { fakeIokit, coreTests } = await buildNative();
 * console.assert(fakeIokit.endsWith("tests/fake_iokit/build/libfakeiokit.so"));
 * console.assert(coreTests.endsWith("dext/build/dext_core_tests"));
 * ```
 */
export async function buildNative(options: NativeBuildOptions = {}): Promise<NativeBuildResult> {
  const root = options.root ?? fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const compiler = options.compiler ?? Deno.env.get("CXX") ?? "g++";
  const cCompiler = Deno.env.get("CC") ?? "gcc";
  const script = "scripts/build_native.ts";
  const core = await listFiles(root, "dext/core", [".cpp", ".hpp"], false);
  const coreTests = await listFiles(root, "dext/core/tests", [".cpp", ".hpp"], false);
  const headers = await listFiles(root, "dext/include", [".h"], true);
  const fake = await listFiles(root, "tests/fake_iokit", [".cpp", ".hpp", ".h"], false);
  const textInput = await listFiles(root, "tests/fake_textinput", [".cpp", ".h"], false);
  const hidSystem = await listFiles(root, "tests/fake_karabiner", [".c"], false);
  const cpp = (files: string[]) => files.filter((file) => file.endsWith(".cpp"));

  const targets: Target[] = [
    {
      output: CORE_TESTS_PATH,
      sources: [...cpp(core), ...cpp(coreTests)],
      dependencies: [...core, ...coreTests, ...headers, script],
      flags: COMMON_FLAGS,
    },
    {
      output: FAKE_IOKIT_LIBRARY_PATH,
      sources: [...cpp(core), ...cpp(fake)],
      dependencies: [...core, ...fake, ...headers, script],
      // Hidden by default: only the IOKit and fakeiokit_ symbols are exported.
      flags: [...COMMON_FLAGS, "-fPIC", "-shared", "-fvisibility=hidden"],
    },
    {
      output: FAKE_TEXTINPUT_LIBRARY_PATH,
      sources: cpp(textInput),
      dependencies: [...textInput, script],
      // Hidden by default: only the text-input, CoreFoundation and faketextinput_ symbols.
      flags: [...COMMON_FLAGS, "-fPIC", "-shared", "-fvisibility=hidden"],
    },
    {
      output: FAKE_HID_SYSTEM_LIBRARY_PATH,
      sources: hidSystem,
      dependencies: [...hidSystem, script],
      flags: ["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-fPIC", "-shared"],
      language: "c",
    },
  ];

  const rebuilt: string[] = [];
  await Promise.all(targets.map(async (target) => {
    if (options.force !== true && await upToDate(root, target)) return;
    await compile(root, target.language === "c" ? cCompiler : compiler, target);
    rebuilt.push(target.output);
  }));
  return {
    coreTests: `${root}/${CORE_TESTS_PATH}`,
    fakeIokit: `${root}/${FAKE_IOKIT_LIBRARY_PATH}`,
    fakeTextInput: `${root}/${FAKE_TEXTINPUT_LIBRARY_PATH}`,
    fakeHidSystem: `${root}/${FAKE_HID_SYSTEM_LIBRARY_PATH}`,
    rebuilt: rebuilt.sort(),
  };
}

/**
 * Copies the fake IOKit library to a fresh temporary path and returns it.
 *
 * The fake keeps its state per loaded library, and Deno runs test modules in parallel inside one
 * process: modules that `dlopen` the same path share one fake driver. A module that loads its own
 * copy gets its own. The caller may delete the copy once it has opened it.
 *
 * @param library The built library, usually `(await buildNative()).fakeIokit`.
 * @returns The path of the copy.
 *
 * @example Make a private copy, load it, then delete the file
 * ```ts
 * import { buildNative, privateFakeIokitLibrary } from "./build_native.ts";
 *
 * const path = await privateFakeIokitLibrary((await buildNative()).fakeIokit);
 * console.assert(path !== (await buildNative()).fakeIokit);
 * // Deno.dlopen(path, …) here; the loaded copy stays usable after the file is deleted.
 * await Deno.remove(path);
 * ```
 */
export async function privateFakeIokitLibrary(library: string): Promise<string> {
  const copy = await Deno.makeTempFile({ prefix: "libfakeiokit-", suffix: ".so" });
  await Deno.copyFile(library, copy);
  return copy;
}

async function listFiles(
  root: string,
  directory: string,
  extensions: readonly string[],
  recursive: boolean,
): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${directory}`)) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory && recursive) {
      files.push(...await listFiles(root, path, extensions, true));
    } else if (entry.isFile && extensions.some((extension) => entry.name.endsWith(extension))) {
      files.push(path);
    }
  }
  return files.sort();
}

async function modified(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).mtime?.getTime();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function upToDate(root: string, target: Target): Promise<boolean> {
  const built = await modified(`${root}/${target.output}`);
  if (built === undefined) return false;
  for (const dependency of target.dependencies) {
    const changed = await modified(`${root}/${dependency}`);
    if (changed === undefined || changed >= built) return false;
  }
  return true;
}

async function compile(root: string, compiler: string, target: Target): Promise<void> {
  const output = `${root}/${target.output}`;
  const directory = output.slice(0, output.lastIndexOf("/"));
  await Deno.mkdir(directory, { recursive: true });
  // Compile to a private name, then rename: concurrent test processes never see a half-written
  // library, and the last finished build simply wins.
  const temporary = `${output}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  try {
    let result: Deno.CommandOutput;
    try {
      result = await new Deno.Command(compiler, {
        args: [...target.flags, ...target.sources, "-o", temporary],
        cwd: root,
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new NativeBuildError(target.output, compiler, `not found: ${compiler}`);
      }
      throw error;
    }
    if (!result.success) {
      const text = new TextDecoder().decode(result.stderr) +
        new TextDecoder().decode(result.stdout);
      throw new NativeBuildError(target.output, compiler, text.trim());
    }
    await Deno.rename(temporary, output);
  } finally {
    // Only left behind when compiling failed; after the rename it no longer exists.
    await Deno.remove(temporary).catch(() => {});
  }
}

if (import.meta.main) {
  // deno-lint-ignore no-console
  const print = console.log;
  try {
    const result = await buildNative({ force: Deno.args.includes("--force") });
    print(
      result.rebuilt.length === 0
        ? "native builds are up to date"
        : `built ${result.rebuilt.join(", ")}`,
    );
  } catch (error) {
    if (!(error instanceof NativeBuildError)) throw error;
    // deno-lint-ignore no-console
    console.error(`error: ${error.message}\n${error.compilerOutput}\nhint: ${error.hint}`);
    Deno.exit(error.exitCode);
  }
}
