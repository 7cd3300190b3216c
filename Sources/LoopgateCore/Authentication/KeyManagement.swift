import Storage

/// Organisations and their keys, as the CLI and start-up manage them (CONTRACT.md, "Organisations,
/// keys, CLI"). Keys are returned in clear once, when made, and stored only as hashes.
public struct KeyManagement: Sendable {
    /// The organisation every command uses when none is named.
    public static let defaultOrganization = "default"

    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// Creates an organisation (with its initial environments) and a first key for it.
    public func createOrganization(named name: String) async throws -> (organization: OrganizationRecord, key: String) {
        if try await store.organization(named: name) != nil {
            throw StoreError.conflict("organisation '\(name)' already exists")
        }
        let organization = try await store.ensureOrganization(named: name)
        return (organization, try await createKey(orgID: organization.id))
    }

    /// Creates a key for an existing organisation (the default one is created when missing).
    public func createKey(organizationName: String = defaultOrganization) async throws -> String {
        let organization = try await organization(named: organizationName)
        return try await createKey(orgID: organization.id)
    }

    /// Revokes the key given whole, or the one live key that `prefix` (6 characters up to the whole key)
    /// begins. Only a key's first characters are stored in clear, so characters past them are not checked;
    /// two keys that `prefix` could both name are refused, not both revoked.
    public func revoke(prefix: String) async throws -> Int {
        guard prefix.count >= 6 else {
            throw StoreError.invalidConfiguration("give at least 6 characters of the key to revoke")
        }
        if try await store.revokeAPIKey(hash: APIKey.hash(prefix)) { return 1 }
        let candidates = try await store.liveAPIKeys(prefixStartingWith: String(prefix.prefix(6)))
            .filter { APIKey.prefix(prefix, names: $0.prefix) }
        guard candidates.count <= 1 else {
            throw StoreError.conflict(
                "\(candidates.count) keys start with '\(prefix)'; give more characters of the key")
        }
        guard let candidate = candidates.first else { return 0 }
        return try await store.revokeAPIKey(hash: candidate.hash) ? 1 : 0
    }

    /// Start-up: makes sure the default organisation exists and that some key opens it. A key given in
    /// `LOOPGATE_API_KEY` must be at least `APIKey.minimumLength` characters and is stored as its hash;
    /// with no key given and none stored, one is made and returned so the caller can print it once.
    public func ensureStartupKey(configuredKey: String?) async throws -> StartupKey {
        if let configuredKey, !configuredKey.isEmpty {
            try APIKey.checkChosenKey(configuredKey, source: "LOOPGATE_API_KEY")
        }
        let organization = try await store.ensureOrganization(named: Self.defaultOrganization)
        if let configuredKey, !configuredKey.isEmpty {
            let hash = APIKey.hash(configuredKey)
            let existing = try await store.apiKeyState(hash: hash)
            // Stored again even when known, so a key stored by an older build keeps no more in clear
            // than `displayPrefix` allows.
            try await store.addAPIKey(hash: hash, prefix: APIKey.displayPrefix(configuredKey), orgID: organization.id)
            return existing?.revoked == true ? .configuredButRevoked : .configured
        }
        guard try await store.activeAPIKeyCount() == 0 else { return .existing }
        return .created(try await createKey(orgID: organization.id))
    }

    /// What start-up did about keys.
    public enum StartupKey: Sendable, Equatable {
        /// `LOOPGATE_API_KEY` is stored and live.
        case configured
        /// `LOOPGATE_API_KEY` was revoked earlier and stays revoked.
        case configuredButRevoked
        /// Keys exist already; none was made.
        case existing
        /// The database had no key; this one was made.
        case created(String)
    }

    func organization(named name: String) async throws -> OrganizationRecord {
        if name == Self.defaultOrganization {
            return try await store.ensureOrganization(named: name)
        }
        guard let organization = try await store.organization(named: name) else {
            throw StoreError.invalidConfiguration("no organisation named '\(name)'")
        }
        return organization
    }

    func createKey(orgID: String) async throws -> String {
        let key = APIKey.generate()
        try await store.addAPIKey(hash: APIKey.hash(key), prefix: APIKey.displayPrefix(key), orgID: orgID)
        return key
    }

    /// Adds an environment to an organisation.
    public func createEnvironment(named name: String, organizationName: String = defaultOrganization) async throws {
        let organization = try await organization(named: organizationName)
        _ = try await store.createEnvironment(orgID: organization.id, name: name)
    }
}
