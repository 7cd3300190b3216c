// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "loopgate",
    platforms: [.macOS(.v15), .iOS(.v16)],
    products: [
        .executable(name: "loopgate", targets: ["loopgate"]),
        .library(name: "HumanloopAPI", targets: ["HumanloopAPI"]),
        .library(name: "HumanloopClient", targets: ["HumanloopClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "HumanloopAPI",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "ServerSentEventParsing"),
        .target(
            name: "HumanloopClient",
            dependencies: [
                "HumanloopAPI", "ServerSentEventParsing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "HumanloopClientExample",
            dependencies: ["HumanloopAPI", "HumanloopClient"],
            path: "Examples/HumanloopClientExample"
        ),
        .target(
            name: "Providers",
            dependencies: [
                "HumanloopAPI", "ServerSentEventParsing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "HumanloopAPI",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LoopgateCore",
            dependencies: [
                "HumanloopAPI", "Providers", "Storage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LoopgateServer",
            dependencies: [
                "HumanloopAPI", "LoopgateCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Resources"],
            plugins: ["EmbedDocuments"]
        ),
        .executableTarget(name: "embed-documents"),
        // Fuzz targets (scripts/fuzz builds them with libFuzzer; otherwise they replay Fuzz/Corpus and
        // Fuzz/Crashes, which scripts/test does).
        .target(name: "FuzzReplay", path: "Fuzz/Replay"),
        .executableTarget(
            name: "fuzz-wire-decoding", dependencies: ["FuzzReplay", "HumanloopAPI"], path: "Fuzz/WireDecoding"),
        .executableTarget(
            name: "fuzz-event-streams", dependencies: ["FuzzReplay", "ServerSentEventParsing"],
            path: "Fuzz/EventStreams"),
        .plugin(name: "EmbedDocuments", capability: .buildTool(), dependencies: ["embed-documents"]),
        .target(
            name: "LoopgateImport",
            dependencies: ["HumanloopAPI", "LoopgateCore", "LoopgateServer", "Storage"]
        ),
        .executableTarget(
            name: "loopgate",
            dependencies: [
                "LoopgateCore", "LoopgateImport", "LoopgateServer", "Providers", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "HumanloopAPITests", dependencies: ["HumanloopAPI"]),
        .testTarget(name: "ServerSentEventParsingTests", dependencies: ["ServerSentEventParsing"]),
        .testTarget(
            name: "HumanloopClientTests",
            dependencies: [
                "HumanloopAPI", "HumanloopClient", "LoopgateCore", "LoopgateServer", "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "HumanloopAPI", "Providers", "ServerSentEventParsing",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "HumanloopAPI", "Storage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "LoopgateCoreTests",
            dependencies: [
                "HumanloopAPI", "LoopgateCore", "Providers", "Storage",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LoopgateImportTests",
            dependencies: [
                "HumanloopAPI", "LoopgateCore", "LoopgateImport", "LoopgateServer", "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "LoopgateServerTests",
            dependencies: [
                "HumanloopAPI", "LoopgateCore", "LoopgateServer", "Providers", "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
