// dext/core links into a dext, whose C++ runtime is not documented to provide the support code
// virtual dispatch, RTTI, exceptions and new/delete pull in. So the core and a host built the way
// the DriverKit glue builds one (a struct handing its methods to ReportSink::of/DeviceHost::of)
// must reference none of it: no vtables or typeinfo, no __cxa_pure_virtual, no operator
// new/delete, no __cxa_* or personality routines. Checked on the compiled objects with nm.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CORE = join(ROOT, "dext/core");
const COMPILER = Deno.env.get("CXX") ?? "g++";

// A host shaped like dextkit_VirtualHIDDeviceUserClient_IVars.
const GLUE_SHAPED_HOST = `
#include "set_report.hpp"
#include "user_client_core.hpp"

struct Host {
    Host() : core(dextkit::ReportSink::of(*this), dextkit::DeviceHost::of(*this)) {}
    int32_t createKeyboard(const dextkit::KeyboardParameters&) { return 0; }
    int32_t createPointing() { return 0; }
    bool keyboardReady() const { return true; }
    bool pointingReady() const { return true; }
    void removeDevices() {}
    int32_t postKeyboardReport(const uint8_t*, size_t) { return 0; }
    int32_t postPointingReport(const uint8_t*, size_t) { return 0; }
    dextkit::UserClientCore core;
};

Host host;

int32_t probe(const uint8_t* bytes, size_t size) {
    uint32_t completed = 0;
    return dextkit::handleSetReport(1, 0, bytes, size,
        [](const uint8_t* b, size_t s) { return host.core.onLedOutputReport(b, s); },
        [&completed](int32_t, uint32_t length) { completed = length; });
}
`;

const FORBIDDEN = [
  [/^_?_ZTV/, "a vtable"],
  [/^_?_ZTI/, "typeinfo (RTTI)"],
  [/^_?__cxa_pure_virtual$/, "__cxa_pure_virtual (a pure virtual function)"],
  [/^_?_Zdl/, "operator delete"],
  [/^_?_Zda/, "operator delete[]"],
  [/^_?_Znw/, "operator new"],
  [/^_?_Zna/, "operator new[]"],
  [/^_?__cxa_/, "C++ ABI runtime support"],
  [/^_?__gxx_personality/, "exception handling"],
] as const;

async function run(cmd: string, args: string[]): Promise<string> {
  const result = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, `${cmd} ${args.join(" ")}\n${text}`);
  return new TextDecoder().decode(result.stdout);
}

async function runtimeReferences(probeSource: string): Promise<string[]> {
  const directory = await Deno.makeTempDir({ prefix: "dext-core-link-" });
  try {
    const sources = [];
    for await (const entry of Deno.readDir(CORE)) {
      if (entry.isFile && entry.name.endsWith(".cpp")) sources.push(join(CORE, entry.name));
    }
    await Deno.writeTextFile(join(directory, "probe.cpp"), probeSource);
    sources.push(join(directory, "probe.cpp"));
    const objects: string[] = [];
    for (const [index, source] of sources.entries()) {
      const object = join(directory, `${index}.o`);
      await run(COMPILER, [
        "-std=c++17",
        "-O0",
        "-fno-exceptions",
        "-fno-threadsafe-statics",
        "-c",
        `-I${CORE}`,
        `-I${join(ROOT, "dext/include")}`,
        source,
        "-o",
        object,
      ]);
      objects.push(object);
    }
    const symbols = (await run("nm", objects)).split("\n").map((line) =>
      line.trim().split(/\s+/).at(-1) ?? ""
    ).filter((s) => s !== "");
    const problems: string[] = [];
    for (const symbol of new Set(symbols)) {
      const rule = FORBIDDEN.find(([pattern]) => pattern.test(symbol));
      if (rule !== undefined) problems.push(`${symbol}: ${rule[1]}`);
    }
    return problems.sort();
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
}

Deno.test("dext/core and a glue-shaped host need no C++ runtime support", async () => {
  assert.deepEqual(await runtimeReferences(GLUE_SHAPED_HOST), []);
});

Deno.test("the link check catches virtual dispatch in a host", async () => {
  const problems = await runtimeReferences(
    `${GLUE_SHAPED_HOST}
struct Interface { virtual ~Interface() = default; virtual int f() = 0; };
struct Impl final : Interface { int f() override { return 1; } };
int use() { Impl impl; Interface& i = impl; return i.f(); }
`,
  );
  assert.ok(problems.some((line) => line.includes("a vtable")), problems.join("\n"));
  assert.ok(problems.some((line) => line.includes("__cxa_pure_virtual")), problems.join("\n"));
  assert.ok(problems.some((line) => line.includes("operator delete")), problems.join("\n"));
});
