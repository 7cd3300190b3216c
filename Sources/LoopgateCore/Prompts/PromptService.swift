import HumanloopAPI
import Storage

/// v5's Prompt files on v4's data: a file is a project, a version a config linked to it, deployments the
/// one table both APIs deploy through (CONTRACT-v5.md, "Prompts").
public final class PromptService: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    /// The prompt a call answers with, kept for `callAnswerTTL` (one process on one database only).
    let callAnswers = LockedCache<
        CallAnswerKey, (prompt: Prompt, encoded: RawJSON, until: ContinuousClock.Instant)
    >()
    let callAnswerTTL: Duration

    struct CallAnswerKey: Hashable, Sendable {
        var orgID: String
        var fileID: String
        var versionID: String
    }

    public init(
        store: any Store, configs: ConfigCatalog, projects: ProjectDirectory, callAnswerTTL: Duration = .seconds(1)
    ) {
        self.store = store
        self.configs = configs
        self.projects = projects
        self.callAnswerTTL = store.isShared ? .zero : callAnswerTTL
    }

    // MARK: Files and versions

    /// `POST /prompts`: the file by `id`, or at `path` (created when new), with `config` as one of its
    /// versions (registered when new). Answers that version.
    public func upsert(id: String?, path: String?, config: ModelConfigRequest, orgID: String) async throws -> Prompt {
        let file = try await file(id: id, path: path, creating: true, orgID: orgID)
        let version = try await register(config, in: file, orgID: orgID)
        return try await prompt(file, version: version, orgID: orgID)
    }

    /// `GET /prompts/{id}`: the version named, the one deployed in `environment`, or the default one.
    public func prompt(id: String, versionID: String?, environment: String?, orgID: String) async throws -> Prompt {
        let file = try await file(id: id, orgID: orgID)
        let version: IdentifiedConfig
        if let versionID {
            version = try await linkedVersion(versionID, of: file, orgID: orgID)
        } else if let environment {
            version = try await deployedVersion(in: environment, of: file, orgID: orgID)
        } else {
            version = try await defaultVersion(of: file, orgID: orgID)
        }
        return try await prompt(file, version: version, orgID: orgID)
    }

    /// `GET /prompts`: files with at least one version, each at its default version, newest first; `name`
    /// filters by a case-insensitive part of the path. `page` is 1-based.
    public func list(name: String?, page: Int, size: Int, orgID: String) async throws -> (records: [Prompt], total: Int)
    {
        try await files(directory: nil, name: name, types: [], environment: nil, page: page, size: size, orgID: orgID)
    }

    /// `GET /prompts/{id}/versions`: every version once, newest first.
    public func versions(id: String, orgID: String) async throws -> [Prompt] {
        let file = try await file(id: id, orgID: orgID)
        let links = try await store.projectConfigs(projectID: file.id, orgID: orgID)
        var prompts: [Prompt] = []
        for link in links.sorted(by: { ($0.createdAt, $0.configID) > ($1.createdAt, $1.configID) }) {
            guard let version = try await configs.config(id: link.configID, orgID: orgID) else { continue }
            prompts.append(try await prompt(file, version: version, orgID: orgID))
        }
        return prompts
    }

    /// `DELETE /prompts/{id}`: the project, with its logs and deployments.
    public func delete(id: String, orgID: String) async throws {
        let file = try await file(id: id, orgID: orgID)
        try await store.deleteProject(id: file.id, orgID: orgID)
        projects.invalidate(projectID: file.id, orgID: orgID)
    }

    /// `PATCH /prompts/{id}`: moves the file to `path`, or renames its last segment to `name`.
    public func move(id: String, path: String?, name: String?, orgID: String) async throws -> Prompt {
        let file = try await file(id: id, orgID: orgID)
        var newPath = file.name
        if let path {
            newPath = try PromptPath.normalized(path, at: ["body", "path"])
        }
        if let name {
            newPath = try PromptPath.child(named: name, of: PromptPath.parent(of: newPath))
        }
        if newPath != file.name {
            if let existing = try await store.project(named: newPath, orgID: orgID), existing.id != file.id {
                throw GatewayError.conflict("A file already exists at path '\(newPath)'")
            }
            try await store.renameProject(id: file.id, orgID: orgID, to: newPath)
            projects.invalidate(projectID: file.id, orgID: orgID)
        }
        return try await prompt(id: file.id, versionID: nil, environment: nil, orgID: orgID)
    }

    // MARK: .prompt files and templates

    /// `GET /prompts/{id}/serialize`: a version (chosen as `GET /prompts/{id}` chooses) as `.prompt` file
    /// text, as v4's serialize writes it.
    public func serialize(id: String, versionID: String?, environment: String?, orgID: String) async throws -> String {
        let prompt = try await prompt(id: id, versionID: versionID, environment: environment, orgID: orgID)
        return try PromptFile.serialize(prompt.version.config)
    }

    /// `POST /prompts/deserialize`: the version a `.prompt` file describes (defaults filled in, as stored).
    public func deserialize(_ text: String) throws -> ModelConfigRequest {
        try configs.identify(try PromptFile.deserialize(text)).config
    }

    /// `POST /prompts/{id}/populate`: a version with its template rendered from `inputs`; a variable
    /// without a value is a 422 naming it.
    public func populate(
        id: String, versionID: String?, environment: String?, inputs: JSONObject, orgID: String
    ) async throws -> (prompt: Prompt, populated: PopulatedTemplate) {
        let prompt = try await prompt(id: id, versionID: versionID, environment: environment, orgID: orgID)
        let config = prompt.version.config
        do {
            if let template = config.promptTemplate {
                return (prompt, .text(try TemplateRenderer.render(template, inputs: inputs)))
            }
            if let messages = config.chatTemplate {
                return (prompt, .messages(try TemplateRenderer.render(messages, inputs: inputs)))
            }
        } catch {
            throw GatewayError.invalid(
                error.names.map {
                    ValidationIssue(
                        loc: ["body", .key($0)], msg: "template variable '\($0)' has no value",
                        type: "value_error.missing")
                })
        }
        return (prompt, .none)
    }

    // MARK: Environments

    /// `GET /prompts/{id}/environments`: every environment, with the version the prompt serves there.
    public func environments(id: String, orgID: String) async throws -> [(Environment, Prompt?)] {
        let file = try await file(id: id, orgID: orgID)
        let deployments = try await store.deployments(projectID: file.id, orgID: orgID)
        var answer: [(Environment, Prompt?)] = []
        for environment in try await store.environments(orgID: orgID) {
            var deployed: Prompt?
            if let configID = deployments.first(where: { $0.environment.id == environment.id })?.configID,
                let version = try await configs.config(id: configID, orgID: orgID)
            {
                deployed = try await prompt(file, version: version, orgID: orgID)
            }
            answer.append((Environment(environment), deployed))
        }
        return answer
    }

    /// `POST /prompts/{id}/environments/{environment_id}?version_id=`: deploys the version (linking it to
    /// the prompt when it was not yet one of its versions, as a v4 deploy does) and answers it.
    public func deploy(id: String, environmentID: String, versionID: String, orgID: String) async throws -> Prompt {
        let file = try await file(id: id, orgID: orgID)
        let environment = try await environment(id: environmentID, orgID: orgID)
        guard let version = try await configs.config(id: PromptVersionID.config(of: versionID), orgID: orgID) else {
            throw GatewayError.notFound("Prompt version with id '\(versionID)' not found")
        }
        _ = try await store.registerConfig(
            ModelConfigRecord(id: version.id, body: version.canonicalJSON), projectID: file.id, orgID: orgID)
        try await store.deploy(
            projectID: file.id, orgID: orgID, environmentIDs: [environment.id], configID: version.id, experimentID: nil)
        return try await prompt(file, version: version, orgID: orgID)
    }

    /// `DELETE /prompts/{id}/environments/{environment_id}`.
    public func undeploy(id: String, environmentID: String, orgID: String) async throws {
        let file = try await file(id: id, orgID: orgID)
        let environment = try await environment(id: environmentID, orgID: orgID)
        try await store.removeDeployment(projectID: file.id, environmentID: environment.id, orgID: orgID)
    }

    // MARK: Calls and logs

    /// Which prompt a call or a log names, and with which version (CONTRACT-v5.md, "Calling a Prompt"): at
    /// most one of `versionID`, `environment` and an inline `config`, else the default version. An unknown
    /// path is created only with an inline config. Answers the environment the version came from, too.
    public func resolve(
        id: String?, path: String?, versionID: String?, environment: String?, config: ModelConfigRequest?,
        orgID: String
    ) async throws -> ResolvedPrompt {
        let chosen = [versionID != nil, environment != nil, config != nil].filter { $0 }.count
        guard chosen <= 1 else {
            throw GatewayError.invalid(
                ["body", "prompt"], "give at most one of version_id, environment and prompt")
        }
        var id = id
        if id == nil, path == nil, let versionID {
            // A version named alone names the prompt that used it first (CONTRACT-v5.md, "Ids").
            guard
                let first = try await store.firstProjectID(
                    linkedTo: PromptVersionID.config(of: versionID), orgID: orgID)
            else { throw GatewayError.notFound("Prompt version with id '\(versionID)' not found") }
            id = first
        }
        guard id != nil || path != nil else {
            throw GatewayError.invalid([.missing(["body", "path"])])
        }
        let file = try await file(id: id, path: path, creating: config != nil, orgID: orgID)
        if let config {
            return ResolvedPrompt(file: file, version: try await register(config, in: file, orgID: orgID))
        }
        if let versionID {
            return ResolvedPrompt(file: file, version: try await linkedVersion(versionID, of: file, orgID: orgID))
        }
        if let environment {
            return ResolvedPrompt(
                file: file, version: try await deployedVersion(in: environment, of: file, orgID: orgID),
                environment: environment)
        }
        return ResolvedPrompt(file: file, version: try await defaultVersion(of: file, orgID: orgID))
    }

    /// A resolved prompt as v5 shows it.
    public func prompt(_ resolved: ResolvedPrompt, orgID: String) async throws -> Prompt {
        try await prompt(resolved.file, version: resolved.version, orgID: orgID)
    }

    /// The prompt a call answers with, and its encoding by the wire that answers (`encode`). Reading
    /// it costs as much CPU as the rest of the call (a read of SQLite hops threads twice per statement),
    /// and encoding it a tenth of a call, so one process on its own database keeps both for
    /// `callAnswerTTL` (1 s): within that, a call's answer may show the counts, last use and deployments
    /// of up to a second before. `GET /prompts/{id}` and every other read are always fresh, and replicas
    /// (PostgreSQL) always read.
    public func callAnswer(_ resolved: ResolvedPrompt, orgID: String, encode: (Prompt) throws -> RawJSON)
        async throws -> (prompt: Prompt, encoded: RawJSON)
    {
        let key = CallAnswerKey(orgID: orgID, fileID: resolved.fileID, versionID: resolved.version.id)
        let now = ContinuousClock.now
        if let cached = callAnswers[key], cached.until > now { return (cached.prompt, cached.encoded) }
        let prompt = try await prompt(resolved, orgID: orgID)
        let encoded = try encode(prompt)
        if callAnswerTTL > .zero { callAnswers.set((prompt, encoded, now + callAnswerTTL), for: key) }
        return (prompt, encoded)
    }

    /// A file and version as v5 shows them.
    func prompt(_ file: ProjectRecord, version: IdentifiedConfig, orgID: String) async throws -> Prompt {
        let directoryPath = PromptPath.parent(of: file.name)
        guard
            var read = try await store.promptVersion(
                projectID: file.id, configID: version.id, directoryPath: directoryPath, orgID: orgID)
        else { throw GatewayError.notFound("Prompt with id '\(file.id)' not found") }
        if read.directory == nil, let directoryPath, read.project.name == file.name {
            // Every parent of a file's path is a directory: made the first time it is asked for.
            read.directory = try await store.ensureDirectories(
                paths: PromptPath.parents(of: file.name), orgID: orgID
            ).first { $0.path == directoryPath }
        }
        let current = read.project
        return Prompt(
            id: current.id, path: current.name, updatedAt: current.updatedAt, totalLogCount: current.dataCount,
            directoryID: read.directory?.id, version: version, joinedAt: read.link?.createdAt ?? current.createdAt,
            lastUsed: read.link?.lastUsed ?? current.updatedAt, versionLogCount: read.link?.numDatapoints ?? 0,
            environments: read.environments.map(Environment.init))
    }

    // MARK: Resolution

    /// The file a request names by `id`, or by `path` (created when `creating`): resolved as every
    /// project a request names is (`ProjectDirectory.resolve`), with v5's rules on paths first.
    func file(id: String?, path: String?, creating: Bool, orgID: String) async throws -> ProjectRecord {
        if let id {
            return try await file(id: id, orgID: orgID)
        }
        guard let path else { throw GatewayError.invalid([.missing(["body", "path"])]) }
        let normalized = try PromptPath.normalized(path, at: ["body", "path"])
        // A path names one thing: a new prompt cannot take a directory's or another kind of file's.
        if creating, try await store.project(named: normalized, orgID: orgID) == nil {
            if try await store.directory(path: normalized, orgID: orgID) != nil {
                throw GatewayError.conflict("A directory already exists at path '\(normalized)'")
            }
            if let other = try await store.file(path: normalized, orgID: orgID) {
                throw GatewayError.conflict("A \(other.kind.rawValue) already exists at path '\(normalized)'")
            }
        }
        do {
            guard
                let file = try await projects.resolve(
                    .name(normalized), orgID: orgID, creating: creating, at: ["body", "path"])
            else { throw GatewayError.notFound("Prompt at path '\(normalized)' not found") }
            return file
        } catch GatewayError.notFound {
            throw GatewayError.notFound("Prompt at path '\(normalized)' not found")
        }
    }

    /// The prompt with this id; 404 naming a prompt, not a project.
    func file(id: String, orgID: String) async throws -> ProjectRecord {
        do {
            return try await projects.project(id: id, orgID: orgID)
        } catch GatewayError.notFound {
            throw GatewayError.notFound("Prompt with id '\(id)' not found")
        }
    }

    func register(_ config: ModelConfigRequest, in file: ProjectRecord, orgID: String) async throws
        -> IdentifiedConfig
    {
        guard !config.model.isEmpty else {
            throw GatewayError.invalid(["body", "model"], "model must not be empty")
        }
        let version = try configs.identify(config)
        _ = try await store.registerConfig(
            ModelConfigRecord(id: version.id, body: version.canonicalJSON), projectID: file.id, orgID: orgID)
        configs.markStored(version, orgID: orgID)
        return version
    }

    /// One of the prompt's versions; 404 for any other.
    func linkedVersion(_ versionID: String, of file: ProjectRecord, orgID: String) async throws -> IdentifiedConfig {
        // The config's own id, which an imported version's exported id is an alias of.
        guard let version = try await configs.config(id: PromptVersionID.config(of: versionID), orgID: orgID),
            try await store.projectConfigs(projectID: file.id, orgID: orgID).contains(where: {
                $0.configID == version.id
            })
        else { throw GatewayError.notFound("Version '\(versionID)' of prompt '\(file.name)' not found") }
        return version
    }

    /// The version the prompt serves in an environment; 404 when it serves none (an experiment counts as
    /// none for v5).
    func deployedVersion(in environment: String, of file: ProjectRecord, orgID: String) async throws
        -> IdentifiedConfig
    {
        guard
            let configID = try await store.deployment(projectID: file.id, environmentName: environment, orgID: orgID)?
                .deployment?.configID,
            let version = try await configs.config(id: configID, orgID: orgID)
        else {
            throw GatewayError.notFound("Prompt '\(file.name)' has no version deployed in '\(environment)'")
        }
        return version
    }

    /// The version deployed in the default environment, else the newest; 404 for a prompt with none.
    func defaultVersion(of file: ProjectRecord, orgID: String) async throws -> IdentifiedConfig {
        if let configID = try await store.deployment(projectID: file.id, environmentName: nil, orgID: orgID)?
            .deployment?.configID, let version = try await configs.config(id: configID, orgID: orgID)
        {
            return version
        }
        let links = try await store.projectConfigs(projectID: file.id, orgID: orgID)
        guard let newest = links.max(by: { ($0.createdAt, $0.configID) < ($1.createdAt, $1.configID) }),
            let version = try await configs.config(id: newest.configID, orgID: orgID)
        else { throw GatewayError.notFound("Prompt with id '\(file.id)' has no version") }
        return version
    }

    func environment(id: String, orgID: String) async throws -> EnvironmentRecord {
        guard let environment = try await store.environments(orgID: orgID).first(where: { $0.id == id }) else {
            throw GatewayError.notFound("Environment with id '\(id)' not found")
        }
        return environment
    }
}
