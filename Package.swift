// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ucbridge",
    products: [
        .executable(name: "ucbridge", targets: ["ucbridge"]),
        .executable(name: "ucbridge-sim", targets: ["ucbridge-sim"]),
        .library(name: "UCBridge", targets: ["UCBridge"]),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CShims", dependencies: ["CCurl", "CMicroHTTPD"]),
        .target(
            name: "UCBridge",
            dependencies: ["CCurl", "CSQLite", "CSystemd", "CYAML", "CMicroHTTPD", "CCrypto", "CShims"]
        ),
        .executableTarget(name: "ucbridge", dependencies: ["UCBridge"]),
        .target(name: "UCBridgeSim", dependencies: ["UCBridge"]),
        .executableTarget(name: "ucbridge-sim", dependencies: ["UCBridgeSim"]),
        // Drives the store alone: the SIGKILL test's child process and the store part of the ingest benchmark.
        .executableTarget(name: "ucbridge-storetool", dependencies: ["UCBridge"]),
        // Delivery benchmark (scripts/bench/deliver): fills an outbox, delivers it to one URL.
        .executableTarget(name: "ucbridge-bench-deliver", dependencies: ["UCBridge"]),
        .executableTarget(name: "ucbridge-bench-api", dependencies: ["UCBridge", "CMicroHTTPD", "CShims"]),
        .testTarget(name: "UCBridgeTests", dependencies: ["UCBridge", "UCBridgeSim"]),
        .testTarget(name: "IntegrationTests", dependencies: ["UCBridge"]),
    ],
    swiftLanguageModes: [.v6]
)
