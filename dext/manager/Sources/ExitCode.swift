// The manager's exit codes. They are a contract with `deno task install-dext` and match
// `ExitCode` in lib/errors.ts (tests/dext_manager_test.ts checks both).
enum ExitCode: Int32 {
    /// The request finished: activated, deactivated, or properties printed.
    case done = 0
    /// The request failed; the last event on stdout is `failed` with the error code and name.
    case failed = 1
    /// Bad command line; the usage goes to stderr.
    case usage = 2
    /// The change takes effect after a reboot (`will-complete-after-reboot`).
    case rebootRequired = 3
    /// The user did not approve within `--approval-timeout` seconds (`approval-timed-out`).
    case approvalTimedOut = 4
}
