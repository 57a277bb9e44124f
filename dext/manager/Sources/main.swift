import Foundation

// The manager: a command-line tool inside an app bundle, because only the app that carries a
// system extension (in Contents/Library/SystemExtensions) may activate or deactivate it.

let arguments = Array(CommandLine.arguments.dropFirst())
if let first = arguments.first, Command.helpArguments.contains(first) {
    print(Command.usage)
    exit(ExitCode.done.rawValue)
}

let command: Command
do {
    command = try Command(arguments: arguments)
} catch {
    let message = (error as? UsageError)?.message ?? "\(error)"
    FileHandle.standardError.write(Data("error: \(message)\n\(Command.usage)\n".utf8))
    exit(ExitCode.usage.rawValue)
}

guard
    let extensionIdentifier = Bundle.main.object(
        forInfoDictionaryKey: "DextkitDriverExtensionIdentifier") as? String,
    !extensionIdentifier.isEmpty
else {
    EventOutput.emit(
        "failed",
        [
            "domain": "dextkit", "code": 0, "name": "missingExtensionIdentifier",
            "message": "Info.plist has no DextkitDriverExtensionIdentifier",
        ])
    EventOutput.finish(.failed)
}

let extensionRequest = ExtensionRequest(command: command, extensionIdentifier: extensionIdentifier)
extensionRequest.submit()
dispatchMain()
