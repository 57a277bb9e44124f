import Foundation

/// Writes events to stdout, one JSON object per line, unbuffered so that a caller reading the
/// pipe sees `needs-user-approval` while the manager is still waiting.
enum EventOutput {
    static func emit(_ event: String, _ fields: [String: Any] = [:]) {
        var object = fields
        object["event"] = event
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else {
            return
        }
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// Ends the process after the last event.
    static func finish(_ code: ExitCode) -> Never {
        exit(code.rawValue)
    }
}
