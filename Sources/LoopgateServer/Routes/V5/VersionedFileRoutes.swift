import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 Tools, Flows and Evaluators (and the file operations of Datasets): upsert, read, list, versions,
/// environments and deployments, move, delete, and their logs. One set of routes per kind, under
/// `/{kind}s`; each kind reads its own upsert body.
struct VersionedFileRoutes {
    let kind: FileKind
    let files: FileService
    let logs: FileLogService
    /// Reads the kind's upsert body; `nil` for a kind upserted elsewhere (Datasets).
    let upsertBody: (@Sendable (Request, LoopgateRequestContext) async throws -> FileUpsert)?

    var collection: String { kind.rawValue + "s" }

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        let kind = self.kind
        let files = self.files
        if let upsertBody {
            group.post(RouterPath(collection)) { request, context in
                let upsert = try await upsertBody(request, context)
                return try JSONBody.response(
                    VersionedFileResponse(v5: try await files.upsert(upsert, orgID: try context.orgID)))
            }
        }
        if kind != .dataset { addLogRoutes(to: group) }
        group.get(RouterPath(collection)) { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let (records, total) = try await files.list(
                kind, name: query.string("name"), page: page, size: size, orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map { VersionedFileResponse(v5: $0) }, page: page, size: size, total: total))
        }
        if kind != .dataset {
            group.get(RouterPath(collection + "/:id")) { request, context in
                let query = QueryParameters(request: request)
                let file = try await files.get(
                    kind, id: try context.parameters.require("id"), versionID: query.string("version_id"),
                    environment: query.string("environment"), orgID: try context.orgID)
                return try JSONBody.response(VersionedFileResponse(v5: file))
            }
        }
        group.patch(RouterPath(collection + "/:id")) { request, context in
            let body = try await JSONBody.decode(FileMoveRequest.self, from: request, context: context)
            let file = try await files.move(
                kind, id: try context.parameters.require("id"), path: body.path, name: body.name,
                orgID: try context.orgID)
            return try JSONBody.response(VersionedFileResponse(v5: file))
        }
        group.delete(RouterPath(collection + "/:id")) { _, context in
            try await files.delete(kind, id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.get(RouterPath(collection + "/:id/versions")) { _, context in
            let versions = try await files.versions(
                kind, id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(V5Records(records: versions.map { VersionedFileResponse(v5: $0) }))
        }
        group.get(RouterPath(collection + "/:id/environments")) { _, context in
            let environments = try await files.environments(
                kind, id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(
                environments.map { environment, file in
                    FileEnvironmentResponse(
                        environment: EnvironmentResponseV5(v5: environment),
                        file: file.map { .file(VersionedFileResponse(v5: $0)) })
                })
        }
        // Datasets are not deployed yet (CONTRACT-v5.md: 501, `V5NotImplementedRoutes`).
        if kind != .dataset {
            group.post(RouterPath(collection + "/:id/environments/:environment_id")) { request, context in
                let file = try await files.deploy(
                    kind, id: try context.parameters.require("id"),
                    environmentID: try context.parameters.require("environment_id"),
                    versionID: try QueryParameters(request: request).requiredString("version_id"),
                    orgID: try context.orgID)
                return try JSONBody.response(VersionedFileResponse(v5: file))
            }
            group.delete(RouterPath(collection + "/:id/environments/:environment_id")) { _, context in
                try await files.undeploy(
                    kind, id: try context.parameters.require("id"),
                    environmentID: try context.parameters.require("environment_id"), orgID: try context.orgID)
                return Response(status: .noContent)
            }
        }
    }

    /// `POST /{kind}s/log`, and updating a Tool's log or a Flow's.
    func addLogRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        let kind = self.kind
        let logs = self.logs
        group.post(RouterPath(collection + "/log")) { request, context in
            let body = try await JSONBody.decode(FileLogRequest.self, from: request, context: context)
            let query = QueryParameters(request: request)
            let entry = try FileLogEntry(
                v5: body, kind: kind, versionID: query.string("version_id"), environment: query.string("environment"))
            let recorded = try await logs.record(entry, orgID: try context.orgID)
            return try JSONBody.response(
                CreateFileLogResponse(
                    id: recorded.id, fileKey: kind == .evaluator ? nil : kind.rawValue + "_id",
                    fileID: recorded.file.id, versionID: recorded.version.id,
                    logStatus: kind == .flow ? recorded.logStatus : nil, parentID: recorded.parentID))
        }
        switch kind {
        case .flow:
            group.patch("flows/logs/:log_id") { request, context in
                let body = try await JSONBody.decode(FileLogUpdateRequest.self, from: request, context: context)
                let log = try await logs.updateFlowLog(
                    id: try context.parameters.require("log_id"), try FileLogUpdate(v5: body), orgID: try context.orgID)
                return try JSONBody.response(V5LogResponse(v5: log))
            }
        case .tool:
            group.patch("tools/:id/log/:log_id") { request, context in
                let body = try await JSONBody.decode(FileLogUpdateRequest.self, from: request, context: context)
                let log = try await logs.updateLog(
                    of: .tool, fileID: try context.parameters.require("id"),
                    logID: try context.parameters.require("log_id"), try FileLogUpdate(v5: body),
                    orgID: try context.orgID)
                return try JSONBody.response(V5LogResponse(v5: log))
            }
        case .evaluator, .dataset:
            break
        }
    }
}

extension VersionedFileRoutes {
    /// The routes of the three kinds of file beside Prompts and Datasets, each with its upsert body.
    static func tools(files: FileService, logs: FileLogService) -> VersionedFileRoutes {
        VersionedFileRoutes(kind: .tool, files: files, logs: logs) { request, context in
            FileUpsert(v5: try await JSONBody.decode(ToolUpsertRequest.self, from: request, context: context))
        }
    }

    static func flows(files: FileService, logs: FileLogService) -> VersionedFileRoutes {
        VersionedFileRoutes(kind: .flow, files: files, logs: logs) { request, context in
            try FileUpsert(v5: try await JSONBody.decode(FlowUpsertRequest.self, from: request, context: context))
        }
    }

    static func evaluators(files: FileService, logs: FileLogService) -> VersionedFileRoutes {
        VersionedFileRoutes(kind: .evaluator, files: files, logs: logs) { request, context in
            try FileUpsert(v5: try await JSONBody.decode(EvaluatorUpsertRequest.self, from: request, context: context))
        }
    }
}
