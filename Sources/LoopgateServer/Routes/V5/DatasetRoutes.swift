import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 Datasets: versioned upserts (`set`, `add`, `remove`), a version with or without its datapoints,
/// and its datapoints paged; list, versions, move, delete and environments as for any file.
struct DatasetRoutes {
    let datasets: DatasetService
    let files: FileService
    let logs: FileLogService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        let datasets = self.datasets
        let files = self.files
        group.post("datasets") { request, context in
            let body = try await JSONBody.decode(DatasetUpsertRequest.self, from: request, context: context)
            guard let datapoints = body.datapoints else {
                throw GatewayError.invalid([.missing(["body", "datapoints"])])
            }
            guard let action = DatasetAction(rawValue: body.action ?? "set") else {
                throw GatewayError.invalid(["body", "action"], "action must be 'set', 'add' or 'remove'")
            }
            let dataset = try await datasets.upsert(
                FileUpsert(v5: body),
                datapoints: datapoints.map {
                    DatapointInput(inputs: $0.inputs, messages: $0.messages, target: $0.target)
                },
                action: action, baseVersionID: QueryParameters(request: request).string("version_id"),
                attributes: body.attributes, orgID: try context.orgID)
            return try JSONBody.response(VersionedFileResponse(v5: dataset))
        }
        group.get("datasets/:id") { request, context in
            let query = QueryParameters(request: request)
            let orgID = try context.orgID
            let dataset = try await files.get(
                .dataset, id: try context.parameters.require("id"), versionID: query.string("version_id"),
                environment: query.string("environment"), orgID: orgID)
            let datapoints =
                query.string("include_datapoints") == "true"
                ? try await datasets.datapoints(of: dataset.version, orgID: orgID) : nil
            return try JSONBody.response(VersionedFileResponse(v5: dataset, datapoints: datapoints))
        }
        group.get("datasets/:id/datapoints") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...10_000)
            let (records, total) = try await datasets.datapoints(
                datasetID: try context.parameters.require("id"), versionID: query.string("version_id"),
                environment: query.string("environment"), page: page, size: size, orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map(DatapointResponse.init(v5:)), page: page, size: size, total: total))
        }
        VersionedFileRoutes(kind: .dataset, files: files, logs: logs, upsertBody: nil).addRoutes(to: group)
    }
}
