// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ssim-conformance",
    products: [
        .library(name: "SSIM", targets: ["SSIM"]),
        .library(name: "HDF5", targets: ["HDF5"]),
        .library(name: "SSIMAdapterProtocol", targets: ["SSIMAdapterProtocol"]),
        .library(name: "SSIMVectors", targets: ["SSIMVectors"]),
        .library(name: "SSIMConformance", targets: ["SSIMConformance"]),
        .executable(name: "ssim-conform", targets: ["ssim-conform"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "FileSystem"),
        .target(name: "HDF5", dependencies: ["CHDF5", "FileSystem"]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CFileSystem"),
        .target(name: "CFastKernels"),
        .target(name: "SSIM", dependencies: ["CFastKernels"], resources: [.embedInCode("Resources/provenance.json")]),
        .target(name: "SSIMAdapterProtocol", dependencies: ["SSIM", "HDF5", "FileSystem"]),
        .target(
            name: "SSIMVectors",
            dependencies: [
                "SSIM", "HDF5", "SSIMAdapterProtocol", "FileSystem", "CFileSystem", "CLibCrypto",
            ]
        ),
        .target(
            name: "SSIMConformance",
            dependencies: ["SSIM", "HDF5", "SSIMAdapterProtocol", "SSIMVectors", "FileSystem", "CZlib", "CFileSystem"]
        ),
        .executableTarget(
            name: "ssim-conform",
            dependencies: [
                "SSIM", "HDF5", "SSIMAdapterProtocol", "SSIMVectors", "SSIMConformance", "CFastKernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["HDF5", "CHDF5"], path: "Tests/TestSupport"),
        // One test target per module, each declaring what it imports: the library's tests need only the library
        // (and TestSupport); every test that runs the ssim-conform command line is in SSIMConformCommandTests (swift test
        // builds the executable beside them: TestSupport's SSIMConformExecutable finds it).
        .testTarget(name: "FileSystemTests", dependencies: ["FileSystem"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "SSIMTests",
            dependencies: ["SSIM", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SSIMAdapterProtocolTests",
            dependencies: ["SSIMAdapterProtocol", "HDF5", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SSIMVectorsTests",
            dependencies: ["SSIMVectors", "SSIM", "SSIMAdapterProtocol", "SSIMConformance", "HDF5", "TestSupport"],
            exclude: ["FuzzCorpus"]
        ),
        .testTarget(
            name: "SSIMConformanceTests",
            dependencies: ["SSIMConformance", "SSIMVectors", "SSIMAdapterProtocol", "SSIM", "TestSupport", "CZlib"],
            exclude: ["Witness"]
        ),
        .testTarget(
            name: "SSIMConformCommandTests",
            dependencies: ["SSIMConformance", "SSIMVectors", "SSIMAdapterProtocol", "SSIM", "HDF5", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
