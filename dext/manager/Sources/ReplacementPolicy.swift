import Foundation

/// Why the manager replaced an installed extension or kept it.
enum ReplacementReason: String {
    case newer = "newer"
    case sameVersion = "same-version"
    case sameVersionForced = "same-version-forced"
    case older = "older"
}

/// The decision for an installed extension with the same identifier and another version.
struct ReplacementDecision: Equatable {
    let replace: Bool
    let reason: ReplacementReason
}

/// Newer replaces; the same version is kept unless forced; older is kept. Versions are
/// CFBundleVersion strings (the build number), compared numerically component by component.
func replacementDecision(existingVersion: String, newVersion: String, force: Bool)
    -> ReplacementDecision
{
    switch newVersion.compare(existingVersion, options: .numeric) {
    case .orderedDescending:
        return ReplacementDecision(replace: true, reason: .newer)
    case .orderedSame:
        return force
            ? ReplacementDecision(replace: true, reason: .sameVersionForced)
            : ReplacementDecision(replace: false, reason: .sameVersion)
    case .orderedAscending:
        return ReplacementDecision(replace: false, reason: .older)
    }
}
