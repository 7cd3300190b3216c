import HumanloopAPI
import Storage

/// What an organisation's key can call by a model name (OpenAI's `GET /v1/models`): each provider the
/// server has a key for (and the mock, always) with the models the organisation's configs use, as
/// `PROVIDER/MODEL`, and every deployment as `loopgate:PROJECT@ENVIRONMENT` (the default environment's
/// also as `loopgate:PROJECT`).
public final class CallableModels: Sendable {
    let store: any Store
    let providerKeys: ProviderKeys

    public init(store: any Store, providerKeys: ProviderKeys) {
        self.store = store
        self.providerKeys = providerKeys
    }

    public struct Entry: Sendable, Hashable {
        public var id: String
        /// The provider, or `loopgate` for a deployment.
        public var ownedBy: String
        public var createdAt: Timestamp
    }

    public func list(orgID: String) async throws -> [Entry] {
        let providers = Set(providerKeys.configured + [.mock])
        let projects = try await store.listProjects(
            orgID: orgID, page: 0, size: Int(Int32.max), nameFilter: nil, orderBy: .name, ascending: true
        ).records
        var models: [String: Entry] = [:]
        models["mock/mock-1"] = Entry(
            id: "mock/mock-1", ownedBy: "mock", createdAt: Timestamp(microsecondsSinceEpoch: 0))
        var deployments: [Entry] = []
        for project in projects {
            for link in try await store.projectConfigs(projectID: project.id, orgID: orgID) {
                guard let config = Coding.decodeIfPresent(ModelConfigRequest.self, fromText: link.body),
                    let provider = config.provider.flatMap(ModelProvider.init(rawValue:)), providers.contains(provider)
                else { continue }
                let id = "\(provider.rawValue)/\(config.model)"
                if models[id] == nil {
                    models[id] = Entry(id: id, ownedBy: provider.rawValue, createdAt: link.createdAt)
                }
            }
            for deployment in try await store.deployments(projectID: project.id, orgID: orgID)
            where deployment.configID != nil || deployment.experimentID != nil {
                let name = "loopgate:\(project.name)"
                deployments.append(
                    Entry(
                        id: "\(name)@\(deployment.environment.name)", ownedBy: "loopgate", createdAt: project.createdAt)
                )
                if deployment.environment.tag == "default" {
                    deployments.append(Entry(id: name, ownedBy: "loopgate", createdAt: project.createdAt))
                }
            }
        }
        return models.values.sorted { $0.id < $1.id } + deployments.sorted { $0.id < $1.id }
    }
}
