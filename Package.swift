// swift-tools-version: 6.2
import Foundation
import PackageDescription

// `make test` sets SKEP_WARNINGS_AS_ERRORS=1: CI fails on any warning in our own targets (not in dependencies).
let warningsAsErrors = ProcessInfo.processInfo.environment["SKEP_WARNINGS_AS_ERRORS"] == "1"
let strict: [SwiftSetting] =
  [.swiftLanguageMode(.v6)] + (warningsAsErrors ? [.treatAllWarnings(as: .error)] : [])

// skep-control's link: lld with relative relocations packed (DT_RELR, glibc 2.36+: the image's Debian 12), so the
// loader's relocation table, resident all day in a service, shrinks from 1.3 MiB to 0.3.
let packedRelocations: [LinkerSetting] = [
  .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])
]

let package = Package(
  name: "skep",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "skep", targets: ["skep"]),
    // The skep-control service's own binary: the service without the CLI's other commands (smaller in memory).
    .executable(name: "skep-control", targets: ["skep-control"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
  ],
  targets: [
    .executableTarget(
      name: "skep",
      dependencies: ["SkepCommands"],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "skep-control",
      dependencies: ["ControlService", "SkepConfig", .product(name: "Logging", package: "swift-log")],
      swiftSettings: strict,
      linkerSettings: packedRelocations
    ),
    .executableTarget(
      name: "skep-bench-floor",
      dependencies: [
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ],
      swiftSettings: strict,
      // Linked as skep-control is, so the comparison is of code only.
      linkerSettings: packedRelocations
    ),
    .target(
      name: "ControlService",
      dependencies: [
        "Backup", "Cluster", "Control", "ControlWeb", "DockerEngine", "Notify", "RunHistory", "Sandbox", "SkepConfig",
        "VolumeAgent",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "SkepCommands",
      dependencies: [
        "DockerEngine", "SkepConfig", "Cluster", "Sandbox", "Backup", "ImageBuilder", "ImageBuild", "VolumeAgent",
        "VolumeDriver", "NodeSetup", "NodeBench", "Control", "RunHistory", "Notify", "ControlWeb", "ControlService",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "DockerEngine",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOFoundationCompat", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "SkepConfig",
      dependencies: [.product(name: "Yams", package: "Yams")],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "Control",
      dependencies: ["SkepConfig"],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "Notify",
      dependencies: [
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOTLS", package: "swift-nio"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "Cluster",
      dependencies: [
        "DockerEngine", "SkepConfig",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "Backup",
      dependencies: [
        "DockerEngine", "SkepConfig",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "ImageBuild",
      dependencies: ["SkepConfig", .product(name: "Crypto", package: "swift-crypto")],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "RunHistory",
      dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "ControlWeb",
      dependencies: [
        "RunHistory",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "VolumeDriver",
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "VolumeAgent",
      dependencies: [
        "VolumeDriver", "Backup", "DockerEngine", "SkepConfig",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "ImageBuilder",
      dependencies: [
        "ImageBuild", "DockerEngine",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "Sandbox",
      dependencies: [
        "SkepConfig", "DockerEngine",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "NodeSetup",
      dependencies: ["SkepConfig"],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "NodeBench",
      dependencies: [
        "Backup", "DockerEngine",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "SkepTestSupport",
      dependencies: [
        "DockerEngine", "SkepConfig", "Sandbox",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      exclude: ["README.md"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "DockerEngineTests",
      dependencies: ["DockerEngine", "SkepTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "SkepConfigTests",
      dependencies: ["SkepConfig"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ControlTests",
      dependencies: ["Control", "SkepConfig"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "NotifyTests",
      dependencies: [
        "Notify",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ],
      exclude: ["Helpers"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "BackupTests",
      dependencies: ["Backup", "SkepConfig", "SkepTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ClusterTests",
      dependencies: ["Cluster", "SkepConfig"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ImageBuilderTests",
      dependencies: ["ImageBuilder", "ImageBuild", "DockerEngine"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ImageBuildTests",
      dependencies: ["ImageBuild"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "RunHistoryTests",
      dependencies: ["RunHistory"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ControlWebTests",
      dependencies: [
        "ControlWeb", "RunHistory",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "VolumeDriverTests",
      dependencies: ["VolumeDriver"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "VolumeAgentTests",
      dependencies: ["VolumeAgent", "VolumeDriver", "Backup", "SkepTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "NodeSetupTests",
      dependencies: ["NodeSetup", "SkepConfig"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "NodeBenchTests",
      dependencies: ["NodeBench", "Backup", "DockerEngine"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "SkepCommandsTests",
      dependencies: [
        "SkepCommands", "ControlService", "RunHistory", "SkepConfig", "DockerEngine",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "IntegrationTests",
      dependencies: [
        "Backup", "Cluster", "DockerEngine", "SkepConfig", "Sandbox", "SkepTestSupport", "SkepCommands",
        "ImageBuilder", "VolumeAgent", "VolumeDriver", "RunHistory",
      ],
      swiftSettings: strict
    ),
  ]
)
