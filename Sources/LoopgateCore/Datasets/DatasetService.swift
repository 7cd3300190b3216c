import HumanloopAPI
import Storage

/// A dataset's test case, as given and as stored: its id is a digest of the dataset and this content.
public struct Datapoint: Sendable, Hashable {
    public var id: String
    public var inputs: JSONObject?
    public var messages: [ChatMessage]?
    public var target: JSONObject?
}

/// A datapoint as a request gives it (no id yet).
public struct DatapointInput: Sendable {
    public var inputs: JSONObject?
    public var messages: [ChatMessage]?
    public var target: JSONObject?

    public init(inputs: JSONObject?, messages: [ChatMessage]?, target: JSONObject?) {
        self.inputs = inputs
        self.messages = messages
        self.target = target
    }
}

/// How an upsert's datapoints make the new version from its base (CONTRACT-v5.md, "Datasets").
public enum DatasetAction: String, Sendable {
    /// Exactly these.
    case set
    /// The base's, then these (those not already in it).
    case add
    /// The base's, less these (matched by content).
    case remove
}

/// v5's Datasets: versioned lists of datapoints. A version's definition is its ordered datapoint ids
/// (and `attributes`), so the same content is the same version, and a datapoint keeps its id across
/// versions.
public final class DatasetService: Sendable {
    let store: any Store
    let files: FileService

    public init(store: any Store, files: FileService) {
        self.store = store
        self.files = files
    }

    /// `POST /datasets`: a new version of the dataset from its base (the version named, else the newest)
    /// and `datapoints` by `action`. Unchanged content answers the existing version, which becomes the
    /// newest.
    public func upsert(
        _ upsert: FileUpsert, datapoints: [DatapointInput], action: DatasetAction, baseVersionID: String?,
        attributes: JSONObject?, orgID: String
    ) async throws -> VersionedFile {
        let file = try await files.resolve(.dataset, id: upsert.id, path: upsert.path, creating: true, orgID: orgID)
        let now = Clock.now()
        let given = try datapoints.map { input -> DatapointRecord in
            let body = try Self.body(of: input)
            return DatapointRecord(
                id: ContentID.make(.datapoint, of: file.id + "\n" + body), orgID: orgID, datasetID: file.id, body: body,
                createdAt: now)
        }
        var base: [String] = []
        if action != .set {
            let baseVersion: FileVersionRecord?
            if let baseVersionID {
                baseVersion = try await files.version(
                    of: file, versionID: baseVersionID, environment: nil, orgID: orgID)
            } else {
                baseVersion = try await store.fileVersions(fileID: file.id, orgID: orgID).first
            }
            base = baseVersion.map(Self.datapointIDs(ofVersionBody:)) ?? []
        }
        var ids: [String]
        switch action {
        case .set: ids = Self.unique(given.map(\.id))
        case .add: ids = Self.unique(base + given.map(\.id))
        case .remove:
            let removed = Set(given.map(\.id))
            ids = base.filter { !removed.contains($0) }
        }
        if action != .remove { try await store.saveDatapoints(given) }
        var definition: [String: JSONValue] = ["datapoint_ids": .array(ids.map(JSONValue.string))]
        if let attributes { definition["attributes"] = .object(attributes) }
        var request = upsert
        request.id = file.id
        request.definition = JSONObject(definition)
        return try await files.upsert(request, orgID: orgID)
    }

    /// `GET /datasets/{id}/datapoints`: a version's datapoints (the newest version's by default), in the
    /// dataset's order; `page` is 1-based.
    public func datapoints(
        datasetID: String, versionID: String?, environment: String?, page: Int, size: Int,
        orgID: String
    ) async throws -> (records: [Datapoint], total: Int) {
        let dataset = try await files.get(
            .dataset, id: datasetID, versionID: versionID, environment: environment, orgID: orgID)
        let ids = Self.datapointIDs(ofVersionBody: dataset.version)
        let start = min((page - 1) * size, ids.count)
        let pageIDs = Array(ids[start..<min(start + size, ids.count)])
        return (try await datapoints(ids: pageIDs, orgID: orgID), ids.count)
    }

    /// Every datapoint of a dataset version, in order.
    public func datapoints(of version: FileVersionRecord, orgID: String) async throws -> [Datapoint] {
        try await datapoints(ids: Self.datapointIDs(ofVersionBody: version), orgID: orgID)
    }

    func datapoints(ids: [String], orgID: String) async throws -> [Datapoint] {
        let records = Dictionary(
            try await store.datapoints(ids: ids, orgID: orgID).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first })
        return ids.compactMap { id in
            guard let record = records[id] else { return nil }
            let body = try? JSONValue(parsing: record.body)
            guard case .object(let members) = body else { return nil }
            return Datapoint(
                id: id, inputs: members["inputs"]?.objectValue,
                messages: members["messages"].flatMap {
                    try? Coding.decode([ChatMessage].self, fromText: $0.serialized())
                },
                target: members["target"]?.objectValue)
        }
    }

    /// The ordered datapoint ids a dataset version holds.
    public static func datapointIDs(ofVersionBody version: FileVersionRecord) -> [String] {
        guard case .object(let definition) = try? JSONValue(parsing: version.body),
            case .array(let ids) = definition["datapoint_ids"]
        else { return [] }
        return ids.compactMap(\.stringValue)
    }

    /// A datapoint's canonical JSON: what its id is a digest of.
    public static func body(of input: DatapointInput) throws -> String {
        var members: [String: JSONValue] = [:]
        if let inputs = input.inputs { members["inputs"] = .object(inputs) }
        if let messages = input.messages { members["messages"] = try Coding.jsonValue(messages) }
        if let target = input.target { members["target"] = .object(target) }
        return JSONValue.object(JSONObject(members)).droppingNulls().serialized(sortedKeys: true)
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
