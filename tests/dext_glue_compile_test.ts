// The DriverKit glue (dext/driver) compiled as far as Linux allows: every .cpp goes through
// `g++ -std=c++17 -fsyntax-only` against the DriverKit stub in tests/stubs/driverkit, and every
// .iig class is compared with the stub of the header IIG generates from it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DRIVER_DIR = join(ROOT, "dext/driver");
const STUB_DIR = join(ROOT, "tests/stubs/driverkit");
const GENERATED_DIR = join(STUB_DIR, "generated");
const COMPILER = Deno.env.get("CXX") ?? "g++";

/** One method declaration inside a class body. */
interface MethodDeclaration {
  readonly name: string;
  readonly returnType: string;
  /** Parameter types and names, or the name of an `_Args` macro standing for them. */
  readonly parameters: readonly Parameter[] | { readonly argsMacro: string };
  /** `override` in both files; `LOCALONLY` in the .iig is a plain virtual method in the header. */
  readonly kind: "override" | "new";
}

interface Parameter {
  readonly type: string;
  readonly name: string;
}

interface ClassDeclaration {
  readonly name: string;
  readonly superclass: string;
  readonly methods: readonly MethodDeclaration[];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

function normalizeType(type: string): string {
  return type.replace(/\s+/g, " ").replace(/\s*\*\s*/g, "*").replace(/\*(?=\w)/g, "* ").trim();
}

function parseParameters(list: string): MethodDeclaration["parameters"] {
  const trimmed = list.trim();
  if (trimmed === "" || trimmed === "void") return [];
  if (/^\w+_Args$/.test(trimmed)) return { argsMacro: trimmed };
  return trimmed.split(",").map((raw) => {
    const withoutDefault = raw.replace(/=[^,]*$/, "").trim();
    const match = /^([\s\S]*?[\s*&])(\w+)$/.exec(withoutDefault);
    assert.ok(match !== null, `cannot read the parameter ${JSON.stringify(raw)}`);
    return { type: normalizeType(match[1] ?? ""), name: match[2] ?? "" };
  });
}

/** Reads the one class a .iig or a generated header declares. */
function parseClass(text: string, source: string): ClassDeclaration {
  const code = stripComments(text);
  const head = /class\s+(\w+)\s*:\s*public\s+(\w+)\s*\{/.exec(code);
  assert.ok(head !== null, `${source}: no class declaration`);
  const bodyStart = head.index + head[0].length;
  let bodyEnd = bodyStart;
  for (let depth = 1; depth > 0; bodyEnd++) {
    assert.ok(bodyEnd < code.length, `${source}: the class body never closes`);
    if (code[bodyEnd] === "{") depth++;
    if (code[bodyEnd] === "}") depth--;
  }
  const body = code.slice(bodyStart, bodyEnd - 1)
    .replace(/union\s*\{[^}]*\}\s*;/g, "")
    .replace(/\b(public|protected|private)\s*:/g, "");
  const methods: MethodDeclaration[] = [];
  for (const statement of body.split(";").map((part) => part.trim())) {
    if (statement === "" || statement.startsWith("using ")) continue;
    const match = /^(?:virtual\s+)?([\s\S]*?)\b(\w+)\s*\(([\s\S]*)\)\s*([\w\s]*)$/.exec(statement);
    assert.ok(match !== null, `${source}: cannot read ${JSON.stringify(statement)}`);
    const qualifiers = (match[4] ?? "").trim().split(/\s+/);
    methods.push({
      name: match[2] ?? "",
      returnType: normalizeType(match[1] ?? ""),
      parameters: parseParameters(match[3] ?? ""),
      kind: qualifiers.includes("override") ? "override" : "new",
    });
  }
  return { name: head[1] ?? "", superclass: head[2] ?? "", methods };
}

/** Every `#define <Class>_<Method>_Args <parameters>` in a text, by macro name. */
function argsMacros(text: string): Map<string, readonly Parameter[]> {
  const macros = new Map<string, readonly Parameter[]>();
  for (const match of text.matchAll(/^#define (\w+_Args)[ \t]*(.*)$/gm)) {
    const parameters = parseParameters(match[2] ?? "");
    if (Array.isArray(parameters)) macros.set(match[1] ?? "", parameters);
  }
  return macros;
}

function describe(parameters: MethodDeclaration["parameters"], withNames: boolean): string {
  if (!Array.isArray(parameters)) return `(${(parameters as { argsMacro: string }).argsMacro})`;
  return `(${
    parameters.map((parameter) =>
      withNames ? `${parameter.type} ${parameter.name}` : parameter.type
    )
      .join(", ")
  })`;
}

/**
 * Compares a .iig class with the stub of its generated header. A message override (a method
 * whose arguments the base stub spells as `IOService_<Method>_Args`) must appear as
 * `<Method>_Impl(IOService_<Method>_Args)` plus `#define <Class>_<Method>_Args` with the same
 * parameters; any other method must appear with the same return type, parameter types and
 * override-ness. Returns one line per mismatch.
 */
function compareWithGenerated(
  iig: ClassDeclaration,
  generated: ClassDeclaration,
  generatedText: string,
  baseMacros: ReadonlyMap<string, readonly Parameter[]>,
): string[] {
  const problems: string[] = [];
  const classMacros = argsMacros(generatedText);
  if (iig.name !== generated.name) {
    problems.push(`the .iig declares ${iig.name}, the generated header ${generated.name}`);
  }
  if (iig.superclass !== generated.superclass) {
    problems.push(
      `${iig.name}: superclass ${iig.superclass} in the .iig, ${generated.superclass} in the header`,
    );
  }
  const byName = new Map(generated.methods.map((method) => [method.name, method]));
  const accounted = new Set<string>();
  for (const method of iig.methods) {
    const baseMacro = `IOService_${method.name}_Args`;
    const baseParameters = baseMacros.get(baseMacro);
    if (method.kind === "override" && baseParameters !== undefined) {
      const implName = `${method.name}_Impl`;
      accounted.add(implName);
      const impl = byName.get(implName);
      if (impl === undefined || describe(impl.parameters, true) !== `(${baseMacro})`) {
        problems.push(`${iig.name}: the header lacks ${implName}(${baseMacro})`);
      }
      const own = classMacros.get(`${iig.name}_${method.name}_Args`);
      const wanted = describe(method.parameters, true);
      if (own === undefined || describe(own, true) !== wanted) {
        problems.push(`${iig.name}: #define ${iig.name}_${method.name}_Args must be ${wanted}`);
      }
      if (describe(baseParameters, true) !== wanted) {
        problems.push(`${iig.name}::${method.name}${wanted} does not match ${baseMacro}`);
      }
      continue;
    }
    accounted.add(method.name);
    const declared = byName.get(method.name);
    const wanted = `${method.returnType} ${method.name}${
      describe(method.parameters, false)
    } ${method.kind}`;
    const found = declared === undefined
      ? "nothing"
      : `${declared.returnType} ${declared.name}${
        describe(declared.parameters, false)
      } ${declared.kind}`;
    if (found !== wanted) problems.push(`${iig.name}: the .iig has ${wanted}, the header ${found}`);
  }
  for (const method of generated.methods) {
    if (!accounted.has(method.name)) {
      problems.push(`${iig.name}: the header declares ${method.name}, the .iig does not`);
    }
  }
  return problems;
}

async function baseMacrosOfStub(): Promise<Map<string, readonly Parameter[]>> {
  const macros = new Map<string, readonly Parameter[]>();
  for (const folder of ["DriverKit", "HIDDriverKit"]) {
    for await (const entry of Deno.readDir(join(STUB_DIR, folder))) {
      const text = await Deno.readTextFile(join(STUB_DIR, folder, entry.name));
      for (const [name, parameters] of argsMacros(text)) macros.set(name, parameters);
    }
  }
  return macros;
}

async function iigFiles(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(DRIVER_DIR)) {
    if (entry.name.endsWith(".iig")) names.push(entry.name);
  }
  return names.sort();
}

async function cppFiles(directory: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(directory)) {
    if (entry.name.endsWith(".cpp")) names.push(entry.name);
  }
  return names.sort();
}

interface CompileResult {
  readonly success: boolean;
  readonly output: string;
}

/** `g++ -fsyntax-only` on one glue source, the way the Xcode target sees its include paths. */
async function compileGlue(source: string, driverDir = DRIVER_DIR): Promise<CompileResult> {
  const command = new Deno.Command(COMPILER, {
    args: [
      "-std=c++17",
      "-fsyntax-only",
      "-Wall",
      "-Wextra",
      "-Wconversion",
      "-Wformat=2",
      "-pedantic",
      "-Werror",
      `-I${STUB_DIR}`,
      `-I${GENERATED_DIR}`,
      `-I${join(ROOT, "dext/include")}`,
      `-I${join(ROOT, "dext/core")}`,
      `-I${driverDir}`,
      join(driverDir, source),
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const { success, stdout, stderr } = await command.output();
  const decoder = new TextDecoder();
  return { success, output: decoder.decode(stdout) + decoder.decode(stderr) };
}

/** Compiles `source` from a copy of dext/driver in which `edit` changed that one file. */
async function compileEdited(
  source: string,
  edit: (text: string) => string,
): Promise<CompileResult> {
  const copy = await Deno.makeTempDir({ prefix: "dextkit-glue-" });
  try {
    for await (const entry of Deno.readDir(DRIVER_DIR)) {
      if (entry.isFile) await Deno.copyFile(join(DRIVER_DIR, entry.name), join(copy, entry.name));
    }
    const original = await Deno.readTextFile(join(copy, source));
    const edited = edit(original);
    assert.notEqual(edited, original, `the edit changed nothing in ${source}`);
    await Deno.writeTextFile(join(copy, source), edited);
    return await compileGlue(source, copy);
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
}

Deno.test("every glue source compiles against the DriverKit stub without warnings", async () => {
  const sources = await cppFiles(DRIVER_DIR);
  assert.ok(sources.length >= 4, `expected the glue sources in ${DRIVER_DIR}`);
  for (const source of sources) {
    const result = await compileGlue(source);
    assert.ok(result.success, `${source} does not compile:\n${result.output}`);
  }
});

Deno.test("each .iig class has a generated-header stub and a .cpp", async () => {
  for (const iig of await iigFiles()) {
    const base = iig.replace(/\.iig$/, "");
    const iigClass = parseClass(await Deno.readTextFile(join(DRIVER_DIR, iig)), iig);
    assert.equal(iigClass.name, base, `${iig} must declare the class it is named after`);
    await Deno.stat(join(GENERATED_DIR, `${base}.h`));
    const cpp = await Deno.readTextFile(join(DRIVER_DIR, `${base}.cpp`));
    assert.match(
      cpp,
      new RegExp(`^#include "${base}\\.h"`),
      `${base}.cpp includes its header first`,
    );
  }
});

Deno.test("the .iig declarations and the generated-header stubs agree", async () => {
  const baseMacros = await baseMacrosOfStub();
  for (const iig of await iigFiles()) {
    const base = iig.replace(/\.iig$/, "");
    const generatedText = await Deno.readTextFile(join(GENERATED_DIR, `${base}.h`));
    const problems = compareWithGenerated(
      parseClass(await Deno.readTextFile(join(DRIVER_DIR, iig)), iig),
      parseClass(generatedText, `${base}.h`),
      generatedText,
      baseMacros,
    );
    assert.deepEqual(problems, [], `${iig}:\n${problems.join("\n")}`);
  }
});

Deno.test("the agreement check reports a parameter added in the .iig only", async () => {
  const baseMacros = await baseMacrosOfStub();
  const iigText = (await Deno.readTextFile(join(DRIVER_DIR, "dextkit_VirtualHIDKeyboard.iig")))
    .replace(
      "postInputReport(const uint8_t* bytes, size_t size)",
      "postInputReport(const uint8_t* bytes, size_t size, bool urgent)",
    );
  const generatedText = await Deno.readTextFile(
    join(GENERATED_DIR, "dextkit_VirtualHIDKeyboard.h"),
  );
  const problems = compareWithGenerated(
    parseClass(iigText, "edited .iig"),
    parseClass(generatedText, "header"),
    generatedText,
    baseMacros,
  );
  assert.deepEqual(problems, [
    "dextkit_VirtualHIDKeyboard: the .iig has kern_return_t postInputReport" +
    "(const uint8_t*, size_t, bool) new, the header kern_return_t postInputReport" +
    "(const uint8_t*, size_t) new",
  ]);
});

Deno.test("the agreement check reports a message override whose parameters differ", async () => {
  const baseMacros = await baseMacrosOfStub();
  const iigText = (await Deno.readTextFile(join(DRIVER_DIR, "dextkit_VirtualHIDDeviceRoot.iig")))
    .replace("NewUserClient(uint32_t type,", "NewUserClient(uint64_t type,");
  const generatedText = await Deno.readTextFile(
    join(GENERATED_DIR, "dextkit_VirtualHIDDeviceRoot.h"),
  );
  const problems = compareWithGenerated(
    parseClass(iigText, "edited .iig"),
    parseClass(generatedText, "header"),
    generatedText,
    baseMacros,
  );
  assert.deepEqual(problems, [
    "dextkit_VirtualHIDDeviceRoot: #define dextkit_VirtualHIDDeviceRoot_NewUserClient_Args must be " +
    "(uint64_t type, IOUserClient** userClient)",
    "dextkit_VirtualHIDDeviceRoot::NewUserClient(uint64_t type, IOUserClient** userClient) does not " +
    "match IOService_NewUserClient_Args",
  ]);
});

Deno.test("the agreement check reports a method only the header declares", async () => {
  const baseMacros = await baseMacrosOfStub();
  const generatedText =
    (await Deno.readTextFile(join(GENERATED_DIR, "dextkit_VirtualHIDPointing.h")))
      .replace("virtual bool isReady();", "virtual bool isReady();\n    virtual void reset();");
  const problems = compareWithGenerated(
    parseClass(await Deno.readTextFile(join(DRIVER_DIR, "dextkit_VirtualHIDPointing.iig")), "iig"),
    parseClass(generatedText, "edited header"),
    generatedText,
    baseMacros,
  );
  assert.deepEqual(problems, [
    "dextkit_VirtualHIDPointing: the header declares reset, the .iig does not",
  ]);
});

Deno.test("the compile check catches a misspelled DriverKit call", async () => {
  const result = await compileEdited(
    "dextkit_VirtualHIDKeyboard.cpp",
    (text) => text.replace("CompleteReport(action,", "CompleteReports(action,"),
  );
  assert.equal(result.success, false);
  assert.match(result.output, /CompleteReports/);
});

Deno.test("the keyboard's setReport completes through dext/core's handleSetReport", async () => {
  // macos-corrections.md item 2: the fake IOKit runs the same handleSetReport, whose tests check
  // that every path completes; the glue must go through it and complete with CompleteReport.
  const cpp = stripComments(
    await Deno.readTextFile(join(DRIVER_DIR, "dextkit_VirtualHIDKeyboard.cpp")),
  );
  const body = cpp.slice(cpp.indexOf("dextkit_VirtualHIDKeyboard::setReport("));
  const end = body.indexOf("\n}\n");
  const setReport = body.slice(0, end);
  assert.match(setReport, /return dextkit::handleSetReport\(/);
  assert.match(setReport, /CompleteReport\(action, status, length\)/);
  assert.equal(setReport.match(/\breturn\b/g)?.length, 2, "one return, plus the lambda's");
});

Deno.test("the compile check catches a message implementation using a wrong parameter name", async () => {
  const result = await compileEdited(
    "dextkit_VirtualHIDDeviceRoot.cpp",
    (text) => text.replace('NewUserClient type:%u", type)', 'NewUserClient type:%u", kind)'),
  );
  assert.equal(result.success, false);
  assert.match(result.output, /.kind. was not declared/);
});

Deno.test("the compile check catches an override whose signature drifted from the base", async () => {
  const result = await compileEdited(
    "dextkit_VirtualHIDKeyboard.cpp",
    (text) =>
      text.replace(
        "kern_return_t dextkit_VirtualHIDKeyboard::setReport(IOMemoryDescriptor* report,",
        "kern_return_t dextkit_VirtualHIDKeyboard::setReport(OSData* report,",
      ),
  );
  assert.equal(result.success, false);
  assert.match(result.output, /no declaration matches|does not match any/);
});

Deno.test("the compile check catches an os_log argument that does not fit its format", async () => {
  const result = await compileEdited(
    "dextkit_VirtualHIDDeviceRoot.cpp",
    (text) => text.replace('" Start failed: 0x%x", result)', '" Start failed: %s", result)'),
  );
  assert.equal(result.success, false);
  assert.match(result.output, /-Werror=format/);
});
