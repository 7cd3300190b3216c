import HumanloopAPI
import Hummingbird
import LoopgateCore

/// Logs: record (`POST /logs`), list, read, update (by id or reference), delete.
struct LogRoutes {
    let logs: LogService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("logs") { request, context in
            let body = try await JSONBody.decode(OneOrMany<LogRequest>.self, from: request, context: context)
            let isList: Bool
            if case .many = body { isList = true } else { isList = false }
            let recorded = try await logs.record(
                body.items.map(LogEntry.init(v4:)), isList: isList, orgID: try context.orgID)
            let created = recorded.map(CreateLogResponse.init(v4:))
            return isList ? try JSONBody.response(created) : try JSONBody.response(created[0])
        }
        group.get("logs") { request, context in
            let query = QueryParameters(request: request)
            let page = try await logs.list(
                projectID: try query.requiredString("project_id"), orgID: try context.orgID,
                page: try query.integer("page", default: 0, range: 0...1_000_000),
                size: try query.integer("size", default: 50, range: 1...1000),
                search: try query.searchText("search"), metadataSearch: try query.searchText("metadata_search"),
                start: try query.timestamp("start_date"), end: try query.timestamp("end_date", endOfDay: true))
            return try JSONBody.response(page)
        }
        group.patch("logs") { request, context in
            let body = try await JSONBody.decode(UpdateLogRequest.self, from: request, context: context)
            let reference = try QueryParameters(request: request).requiredString("reference_id")
            return try JSONBody.response(try await logs.update(referenceID: reference, body, orgID: try context.orgID))
        }
        group.delete("logs") { request, context in
            let ids = request.uri.queryParameters.getAll("id").filter { !$0.isEmpty }
            try await logs.delete(ids: ids, orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.get("logs/:id") { _, context in
            try JSONBody.response(
                try await logs.log(id: try context.parameters.require("id"), orgID: try context.orgID))
        }
        group.patch("logs/:id") { request, context in
            let body = try await JSONBody.decode(UpdateLogRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await logs.update(id: id, body, orgID: try context.orgID))
        }
    }
}
