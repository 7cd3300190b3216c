import Storage

/// Organisations by id, cached: an organisation's id, name and team never change.
public final class OrganizationDirectory: Sendable {
    private let store: any Store
    private let cache = LockedCache<String, OrganizationRecord>()

    public init(store: any Store) {
        self.store = store
    }

    public func organization(id: String) async throws -> OrganizationRecord {
        if let cached = cache[id] { return cached }
        guard let organization = try await store.organization(id: id) else {
            throw GatewayError.notFound("Organization '\(id)' not found")
        }
        cache.set(organization, for: id)
        return organization
    }
}
