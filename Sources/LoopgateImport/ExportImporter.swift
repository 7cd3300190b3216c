import HumanloopAPI
import LoopgateCore
import LoopgateServer
import Storage

/// `loopgate import`: a Humanloop export into one organisation, ids kept (../shared/humanloop-export.md).
///
/// Three passes over the export, each streaming: every file's definition (a project or a file with its
/// versions, directories, deployments and datapoints, one transaction per file), then the evaluations
/// with their runs and logs, then every file's logs, written in batches of `batchSize`. Every row keeps
/// its exported id and is written only when missing, so running again changes nothing and an import
/// stopped anywhere and run again ends as one run would. The export's records are the v5 API's responses,
/// read through the v5 wire adapters (`FileUpsert(v5:)`, `ModelConfigRequest(v5:)`) so a field means here
/// what it means to the API.
public final class ExportImporter {
    let store: any ImportStore
    let folder: ExportFolder
    let orgID: String
    let progress: ImportProgress
    let batchSize: Int
    var report = ImportReport()

    /// What the definitions pass learnt, for the passes after it: the imported files (by exported id) and
    /// where each exported version id now points (a config id for a Prompt's).
    var files: [String: ImportedFileInfo] = [:]
    var versions: [String: String] = [:]
    /// Rows waiting for the next batch.
    var pending: ImportRows
    /// Why logs were left out, with how many.
    var droppedLogs: [String: Int] = [:]

    struct ImportedFileInfo {
        var kind: ExportedKind
        var path: String
    }

    public init(
        store: any ImportStore, folder: ExportFolder, orgID: String, progress: ImportProgress, batchSize: Int = 2000
    ) {
        self.store = store
        self.folder = folder
        self.orgID = orgID
        self.progress = progress
        self.batchSize = batchSize
        self.pending = ImportRows(orgID: orgID)
    }

    /// Imports everything; answers what was done and what was left out.
    public func run() async throws -> ImportReport {
        for id in folder.fileIDs {
            try await importDefinition(ofFile: id)
            progress.files += 1
            progress.show()
        }
        for id in folder.fileIDs where files[id].map({ $0.kind != .file(.dataset) }) == true {
            try await importEvaluations(ofFile: id)
        }
        for id in folder.fileIDs where files[id].map({ $0.kind != .file(.dataset) }) == true {
            for chunk in ExportFiles.jsonlChunks(in: folder.directory(of: id) + "/logs") {
                try await importLogs(in: chunk, runID: nil)
            }
        }
        try await flush()
        for (reason, count) in droppedLogs.sorted(by: { $0.key < $1.key }) {
            report.withoutCounterpart.append("\(count) log(s) \(reason)")
        }
        progress.show(force: true)
        return report
    }

    // MARK: Definitions

    func importDefinition(ofFile id: String) async throws {
        let directory = folder.directory(of: id)
        let record: JSONValue
        do {
            guard let read = try ExportFiles.json(at: directory + "/file.json") else { return }
            record = read
        } catch {
            report.skipped.append(error.description)
            return
        }
        let type = record.string("type") ?? "unknown"
        guard let kind = ExportedKind(type: type) else {
            report.withoutCounterpart.append("\(type) file \(id) at '\(record.string("path") ?? "?")'")
            return
        }
        guard let path = try? PromptPath.normalized(record.string("path", "name") ?? "", at: ["path"]) else {
            report.skipped.append("\(directory)/file.json: no path")
            return
        }
        if !ExportFiles.exists(directory + "/.done") { report.unfinished.append("\(id) at '\(path)'") }

        let now = Clock.now()
        let created = record.time("created_at") ?? now
        let updated = record.time("updated_at") ?? created
        let parents = PromptPath.parents(of: path)
        let directories = parents.map { parent in
            DirectoryRecord(
                id: parent == parents.last
                    ? record.string("directory_id") ?? ResourceID.make(.directory)
                    : ResourceID.make(.directory), orgID: orgID, path: parent, createdAt: created, updatedAt: created)
        }
        let file: ImportedDefinition.File
        switch kind {
        case .prompt:
            file = .project(ProjectRecord(id: id, orgID: orgID, name: path, createdAt: created, updatedAt: updated))
        case .file(let fileKind):
            guard FileKind(id: id) == fileKind else {
                report.skipped.append("\(directory)/file.json: id \(id) is not a \(type)'s")
                return
            }
            file = .file(
                FileRecord(
                    id: id, orgID: orgID, kind: fileKind, path: path, description: record.string("description"),
                    readme: record.string("readme"), tags: record.value("tags")?.serialized(), createdAt: created,
                    updatedAt: updated))
        }
        var definition = ImportedDefinition(orgID: orgID, file: file, directories: directories)
        let versionRecords = readVersions(of: id, fileRecord: record)
        for version in versionRecords {
            addVersion(version, kind: kind, fileID: id, to: &definition)
        }
        addDeployments(of: id, versions: versionRecords, to: &definition)

        switch try await store.importDefinition(definition) {
        case .conflict(let reason):
            report.conflicts.append("\(type) \(id) at '\(path)': \(reason)")
        case .written(let counts):
            files[id] = ImportedFileInfo(kind: kind, path: path)
            count(kind, isNew: counts.fileIsNew)
            let versionCount = definition.configs.count + definition.fileVersions.count
            report.versions.new += counts.versions
            report.versions.existing += versionCount - counts.versions
            report.deployments.new += counts.deployments
            report.deployments.existing += definition.deployments.count - counts.deployments
            report.datapoints += counts.datapoints
            progress.versions += versionCount
        }
    }

    func count(_ kind: ExportedKind, isNew: Bool) {
        func bump(_ count: inout ImportReport.Count) {
            if isNew { count.new += 1 } else { count.existing += 1 }
        }
        switch kind {
        case .prompt: bump(&report.prompts)
        case .file(.tool): bump(&report.tools)
        case .file(.flow): bump(&report.flows)
        case .file(.evaluator): bump(&report.evaluators)
        case .file(.dataset): bump(&report.datasets)
        }
    }

    /// The file's versions (`versions/<version_id>`, no extension), oldest first; `file.json` is one too
    /// when `versions/` lacks it (the tool writes no `versions/` when the API listed none).
    func readVersions(of fileID: String, fileRecord: JSONValue) -> [JSONValue] {
        let directory = folder.directory(of: fileID) + "/versions"
        var records: [JSONValue] = []
        for name in ExportFiles.names(in: directory) {
            do {
                if let record = try ExportFiles.json(at: directory + "/" + name) { records.append(record) }
            } catch {
                report.skipped.append(error.description)
            }
        }
        if let versionID = fileRecord.string("version_id"),
            !records.contains(where: { $0.string("version_id") == versionID })
        {
            records.append(fileRecord)
        }
        return records.sorted {
            ($0.time("created_at") ?? Timestamp(microsecondsSinceEpoch: 0), $0.string("version_id") ?? "")
                < ($1.time("created_at") ?? Timestamp(microsecondsSinceEpoch: 0), $1.string("version_id") ?? "")
        }
    }

    /// One exported version as a config (a Prompt's) or a file version, with aliases for its exported id.
    func addVersion(_ record: JSONValue, kind: ExportedKind, fileID: String, to definition: inout ImportedDefinition) {
        let location = "\(folder.directory(of: fileID))/versions/\(record.string("version_id") ?? "?")"
        guard let exportedID = record.string("version_id") else {
            report.skipped.append("\(location): no version_id")
            return
        }
        let created = record.time("created_at") ?? Clock.now()
        let described = VersionDescription(record)
        do {
            switch kind {
            case .prompt:
                let config = try Self.config(of: record)
                definition.configs.append((ModelConfigRecord(id: config.id, body: config.canonicalJSON), created))
                versions[exportedID] = config.id
                definition.aliases += Self.promptAliases(of: exportedID, configID: config.id)
            case .file(let fileKind):
                let definitionObject: JSONObject
                switch fileKind {
                case .tool:
                    definitionObject =
                        FileUpsert(v5: try RecordDecoding.decode(ToolUpsertRequest.self, from: record))
                        .definition
                case .flow:
                    definitionObject = try FileUpsert(
                        v5: RecordDecoding.decode(FlowUpsertRequest.self, from: record)
                    ).definition
                case .evaluator:
                    definitionObject = try FileUpsert(
                        v5: RecordDecoding.decode(EvaluatorUpsertRequest.self, from: record)
                    ).definition
                case .dataset:
                    let datapoints = readDatapoints(of: fileID, version: exportedID)
                    definition.datapoints += datapoints
                    var members: [String: JSONValue] = ["datapoint_ids": .array(datapoints.map { .string($0.id) })]
                    if let attributes = record.value("attributes") { members["attributes"] = attributes }
                    definitionObject = JSONObject(members)
                }
                let version = FileService.versionRecord(
                    definitionObject, kind: fileKind, fileID: fileID, name: described.name,
                    description: described.description, at: created, orgID: orgID)
                definition.fileVersions.append(version)
                versions[exportedID] = version.id
                if version.id != exportedID {
                    definition.aliases.append(IDAlias(alias: exportedID, targetID: version.id))
                }
            }
        } catch {
            report.skipped.append("\(location): \(error)")
        }
    }

    /// A Prompt version's config: its kernel read as `prompts.upsert` reads one.
    static func config(of record: JSONValue) throws -> IdentifiedConfig {
        let kernel = try RecordDecoding.decode(PromptKernelRequest.self, from: record)
        var config = ModelConfigRequest(v5: kernel)
        config.name = config.name ?? VersionDescription(record).name
        return try ConfigIdentity.identify(config)
    }

    /// An exported Prompt version id names its config in both of v5's spellings (`prv_…`, and the
    /// `config_…` that v5 calls turn it into).
    static func promptAliases(of exportedID: String, configID: String) -> [IDAlias] {
        Set([exportedID, PromptVersionID.config(of: exportedID)]).subtracting([configID]).sorted()
            .map { IDAlias(alias: $0, targetID: configID) }
    }

    /// `deployments.json`, else each version's `environments`.
    func addDeployments(of fileID: String, versions records: [JSONValue], to definition: inout ImportedDefinition) {
        let path = folder.directory(of: fileID) + "/deployments.json"
        var entries: [(versionID: String?, environmentID: String?, environmentName: String?)] = []
        do {
            if let listed = try ExportFiles.json(at: path)?.arrayValue {
                entries = listed.map {
                    ($0.string("version_id"), $0.string("environment_id"), $0.string("environment_name"))
                }
            } else {
                for record in records {
                    for environment in record.value("environments")?.arrayValue ?? [] {
                        entries.append(
                            (record.string("version_id"), environment.string("id"), environment.string("name")))
                    }
                }
            }
        } catch {
            report.skipped.append(error.description)
        }
        var seen = Set<String>()
        for entry in entries {
            guard let exported = entry.versionID, let versionID = versions[exported], let name = entry.environmentName,
                seen.insert(name).inserted
            else { continue }
            definition.deployments.append(
                ImportedDeployment(
                    environmentID: entry.environmentID ?? ResourceID.make(.environment), environmentName: name,
                    versionID: versionID))
        }
    }

    /// A dataset version's datapoints (`datapoints/<version_id>/N.jsonl`), ids kept, in the export's order.
    func readDatapoints(of datasetID: String, version: String) -> [DatapointRecord] {
        var datapoints: [DatapointRecord] = []
        let now = Clock.now()
        for chunk in ExportFiles.jsonlChunks(in: folder.directory(of: datasetID) + "/datapoints/" + version) {
            do {
                var reader = try JSONLinesReader(path: chunk)
                while let line = try reader.next() {
                    let location = "\(chunk):\(line.number)"
                    guard case .success(let record) = line.value else {
                        report.skipped.append("\(location): not JSON")
                        continue
                    }
                    guard let id = record.string("id") else {
                        report.skipped.append("\(location): a datapoint without an id")
                        continue
                    }
                    do {
                        let messages = try record.value("messages").map {
                            try RecordDecoding.decode([ChatMessage].self, from: $0)
                        }
                        let body = try DatasetService.body(
                            of: DatapointInput(
                                inputs: record.value("inputs")?.objectValue, messages: messages,
                                target: record.value("target")?.objectValue))
                        datapoints.append(
                            DatapointRecord(id: id, orgID: orgID, datasetID: datasetID, body: body, createdAt: now))
                    } catch {
                        report.skipped.append("\(location): \(error)")
                    }
                }
            } catch {
                report.skipped.append(error.description)
            }
        }
        return datapoints
    }
}
