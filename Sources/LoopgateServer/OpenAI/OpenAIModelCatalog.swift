import HumanloopAPI
import LoopgateCore

/// `GET /v1/models` in OpenAI's shape.
struct OpenAIModelCatalog: Sendable {
    let models: CallableModels

    func list(orgID: String) async throws -> OpenAIModelList {
        OpenAIModelList(
            data: try await models.list(orgID: orgID).map {
                .init(id: $0.id, created: $0.createdAt.microsecondsSinceEpoch / 1_000_000, ownedBy: $0.ownedBy)
            })
    }
}
