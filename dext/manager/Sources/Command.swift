import Foundation

/// What the manager was asked to do, parsed from its arguments.
enum Command: Equatable {
    case activate(force: Bool, approvalTimeout: Int)
    case deactivate(approvalTimeout: Int)
    case properties

    static let defaultApprovalTimeout = 300

    /// Arguments that ask for the usage instead of a command.
    static let helpArguments: Set<String> = ["help", "--help", "-h"]

    static let usage = """
        usage: DextkitManager activate [--force] [--approval-timeout SECONDS]
               DextkitManager deactivate [--approval-timeout SECONDS]
               DextkitManager properties
        Prints one JSON object per event on stdout. Exit codes: 0 done, 1 failed, 2 usage,
        3 reboot required, 4 approval wait timed out. --approval-timeout 0 returns right after
        needs-user-approval; the default is \(Command.defaultApprovalTimeout) seconds.
        """

    /// The request's name in the `submitted` event.
    var requestName: String {
        switch self {
        case .activate: return "activate"
        case .deactivate: return "deactivate"
        case .properties: return "properties"
        }
    }

    var force: Bool {
        if case .activate(let force, _) = self {
            return force
        }
        return false
    }

    var approvalTimeout: Int {
        switch self {
        case .activate(_, let timeout), .deactivate(let timeout):
            return timeout
        case .properties:
            return Command.defaultApprovalTimeout
        }
    }

    /// Parses the arguments after the program name.
    init(arguments: [String]) throws {
        guard let verb = arguments.first else {
            throw UsageError("missing command")
        }
        var options = Array(arguments.dropFirst())
        switch verb {
        case "activate":
            let force = Command.takeFlag("--force", from: &options)
            let timeout = try Command.takeApprovalTimeout(from: &options)
            try Command.rejectRest(options)
            self = .activate(force: force, approvalTimeout: timeout)
        case "deactivate":
            let timeout = try Command.takeApprovalTimeout(from: &options)
            try Command.rejectRest(options)
            self = .deactivate(approvalTimeout: timeout)
        case "properties":
            try Command.rejectRest(options)
            self = .properties
        default:
            throw UsageError("unknown command \"\(verb)\"")
        }
    }

    private static func takeFlag(_ flag: String, from options: inout [String]) -> Bool {
        guard let index = options.firstIndex(of: flag) else {
            return false
        }
        options.remove(at: index)
        return true
    }

    private static func takeApprovalTimeout(from options: inout [String]) throws -> Int {
        guard let index = options.firstIndex(of: "--approval-timeout") else {
            return defaultApprovalTimeout
        }
        guard index + 1 < options.count else {
            throw UsageError("--approval-timeout needs a number of seconds")
        }
        let text = options[index + 1]
        guard let seconds = Int(text), seconds >= 0 else {
            throw UsageError("--approval-timeout \"\(text)\" is not a whole number of seconds")
        }
        options.removeSubrange(index...(index + 1))
        return seconds
    }

    private static func rejectRest(_ options: [String]) throws {
        if let extra = options.first {
            throw UsageError("unexpected argument \"\(extra)\"")
        }
    }
}

/// A command line the manager cannot run.
struct UsageError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
