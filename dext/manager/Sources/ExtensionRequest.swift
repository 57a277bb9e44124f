import Foundation
import SystemExtensions

/// Submits one OSSystemExtensionRequest and turns every delegate callback into an event; the
/// process exits from the callback that ends the request.
final class ExtensionRequest: NSObject, OSSystemExtensionRequestDelegate {
    private let command: Command
    private let extensionIdentifier: String
    /// Set when the replacement callback cancelled, so that the `failed` event says why.
    private var cancelReason: ReplacementReason?
    /// Kept so that the request lives until its delegate ends the process.
    private var submitted: OSSystemExtensionRequest?

    init(command: Command, extensionIdentifier: String) {
        self.command = command
        self.extensionIdentifier = extensionIdentifier
    }

    func submit() {
        let request: OSSystemExtensionRequest
        switch command {
        case .activate:
            request = .activationRequest(
                forExtensionWithIdentifier: extensionIdentifier, queue: .main)
        case .deactivate:
            request = .deactivationRequest(
                forExtensionWithIdentifier: extensionIdentifier, queue: .main)
        case .properties:
            request = .propertiesRequest(
                forExtensionWithIdentifier: extensionIdentifier, queue: .main)
        }
        request.delegate = self
        submitted = request
        EventOutput.emit(
            "submitted",
            [
                "request": command.requestName,
                "extension": extensionIdentifier,
                "force": command.force,
            ])
        OSSystemExtensionManager.shared.submitRequest(request)
    }

    func request(
        _ request: OSSystemExtensionRequest,
        actionForReplacingExtension existing: OSSystemExtensionProperties,
        withExtension ext: OSSystemExtensionProperties
    ) -> OSSystemExtensionRequest.ReplacementAction {
        let decision = replacementDecision(
            existingVersion: existing.bundleVersion, newVersion: ext.bundleVersion,
            force: command.force)
        EventOutput.emit(
            "replacing",
            [
                "existingVersion": existing.bundleVersion,
                "existingShortVersion": existing.bundleShortVersion,
                "newVersion": ext.bundleVersion,
                "newShortVersion": ext.bundleShortVersion,
                "decision": decision.replace ? "replace" : "cancel",
                "reason": decision.reason.rawValue,
            ])
        if decision.replace {
            return .replace
        }
        cancelReason = decision.reason
        return .cancel
    }

    func requestNeedsUserApproval(_ request: OSSystemExtensionRequest) {
        let seconds = command.approvalTimeout
        EventOutput.emit("needs-user-approval", ["timeoutSeconds": seconds])
        DispatchQueue.main.asyncAfter(deadline: .now() + .seconds(seconds)) {
            EventOutput.emit("approval-timed-out", ["timeoutSeconds": seconds])
            EventOutput.finish(.approvalTimedOut)
        }
    }

    func request(
        _ request: OSSystemExtensionRequest,
        didFinishWithResult result: OSSystemExtensionRequest.Result
    ) {
        switch result {
        case .completed:
            EventOutput.emit("completed")
            EventOutput.finish(.done)
        case .willCompleteAfterReboot:
            EventOutput.emit("will-complete-after-reboot")
            EventOutput.finish(.rebootRequired)
        @unknown default:
            EventOutput.emit(
                "failed",
                [
                    "domain": "OSSystemExtensionRequest.Result", "code": result.rawValue,
                    "name": "unknownResult",
                    "message": "the request finished with a result this manager does not know",
                ])
            EventOutput.finish(.failed)
        }
    }

    func request(_ request: OSSystemExtensionRequest, didFailWithError error: Error) {
        let nsError = error as NSError
        let isSystemExtensionError = nsError.domain == OSSystemExtensionErrorDomain
        if case .deactivate = command, isSystemExtensionError,
            nsError.code == extensionNotFoundCode
        {
            EventOutput.emit("completed", ["notInstalled": true])
            EventOutput.finish(.done)
        }
        var fields: [String: Any] = [
            "domain": nsError.domain,
            "code": nsError.code,
            "name": isSystemExtensionError
                ? (systemExtensionErrorNames[nsError.code] ?? "unknown") : "unknown",
            "message": nsError.localizedDescription,
        ]
        if let reason = cancelReason {
            fields["reason"] = reason.rawValue
        }
        EventOutput.emit("failed", fields)
        EventOutput.finish(.failed)
    }

    func request(
        _ request: OSSystemExtensionRequest,
        foundProperties properties: [OSSystemExtensionProperties]
    ) {
        let extensions: [[String: Any]] = properties.map { found in
            [
                "bundleIdentifier": found.bundleIdentifier,
                "bundleVersion": found.bundleVersion,
                "bundleShortVersion": found.bundleShortVersion,
                "url": found.url.path,
                "enabled": found.isEnabled,
                "awaitingUserApproval": found.isAwaitingUserApproval,
                "uninstalling": found.isUninstalling,
            ]
        }
        EventOutput.emit("properties", ["extensions": extensions])
        EventOutput.finish(.done)
    }
}
