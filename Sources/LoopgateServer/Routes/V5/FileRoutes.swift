import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 `/files`: every file with a version, of every kind, and a file by its path.
struct FileRoutes {
    let catalog: FileCatalog

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("files") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let (records, total) = try await catalog.list(
                directory: query.string("path"), name: query.string("name"),
                types: request.uri.queryParameters.getAll("type"), environment: query.string("environment"),
                page: page, size: size, orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map(V5FileResponse.init(v5:)), page: page, size: size, total: total))
        }
        group.post("files/retrieve-by-path") { request, context in
            let body = try await JSONBody.decode(RetrieveByPathRequest.self, from: request, context: context)
            let file = try await catalog.file(
                atPath: body.path, environment: QueryParameters(request: request).string("environment"),
                orgID: try context.orgID)
            return try JSONBody.response(V5FileResponse(v5: file))
        }
    }
}
