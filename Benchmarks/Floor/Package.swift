// swift-tools-version:6.0
import PackageDescription

// The floor under Loopgate's overhead: Hummingbird and AsyncHTTPClient doing nothing but forwarding a
// body, so a benchmark can tell the stack's cost from Loopgate's own (BENCHMARKS.md, "Session 7").
// Built by hand only (`swift build -c release` here); not part of Loopgate's package or its CI.
let package = Package(
    name: "floor",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        )
    ]
)
