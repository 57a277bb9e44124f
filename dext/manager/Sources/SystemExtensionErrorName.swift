/// The names of OSSystemExtensionError codes, as the `failed` event reports them.
let systemExtensionErrorNames: [Int: String] = [
    1: "unknown",
    2: "missingEntitlement",
    3: "unsupportedParentBundleLocation",
    4: "extensionNotFound",
    5: "extensionMissingIdentifier",
    6: "duplicateExtensionIdentifer",
    7: "unknownExtensionCategory",
    8: "codeSignatureInvalid",
    9: "validationFailed",
    10: "forbiddenBySystemPolicy",
    11: "requestCanceled",
    12: "requestSuperseded",
    13: "authorizationRequired",
]

/// The code of a deactivation request for an extension that is not installed.
let extensionNotFoundCode = 4
