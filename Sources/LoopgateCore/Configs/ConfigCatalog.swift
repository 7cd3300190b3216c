import HumanloopAPI
import Storage

/// Configs by content and by id, cached freely: a config's content never changes under its id.
public final class ConfigCatalog: Sendable {
    private let store: any Store
    private let byContent = LockedCache<ModelConfigRequest, IdentifiedConfig>()
    private let stored = LockedCache<StoredKey, IdentifiedConfig>()

    struct StoredKey: Hashable, Sendable {
        var orgID: String
        var configID: String
    }

    public init(store: any Store) {
        self.store = store
    }

    /// The identity of an inline config, computed once per distinct config.
    public func identify(_ config: ModelConfigRequest) throws -> IdentifiedConfig {
        if let known = byContent[config] { return known }
        let identified = try ConfigIdentity.identify(config)
        byContent.set(identified, for: config)
        return identified
    }

    /// Whether the organisation is known to have stored this config already (then a generation
    /// need not write it again).
    public func isStored(_ configID: String, orgID: String) -> Bool {
        stored[StoredKey(orgID: orgID, configID: configID)] != nil
    }

    /// Records that a config is now stored for the organisation.
    public func markStored(_ config: IdentifiedConfig, orgID: String) {
        stored.set(config, for: StoredKey(orgID: orgID, configID: config.id))
    }

    /// A stored config of the organisation, from the cache or the database.
    public func config(id: String, orgID: String) async throws -> IdentifiedConfig? {
        let key = StoredKey(orgID: orgID, configID: id)
        if let known = stored[key] { return known }
        guard let record = try await store.modelConfig(id: id, orgID: orgID) else { return nil }
        let config = try Coding.decode(ModelConfigRequest.self, fromText: record.body)
        let identified = IdentifiedConfig(id: record.id, config: config, canonicalJSON: record.body)
        stored.set(identified, for: key)
        return identified
    }
}
