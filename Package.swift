// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "tolk",
    products: [
        .executable(name: "tolk", targets: ["tolk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: C shims — the only places that include system C headers.
        .target(
            name: "CICU",
            cxxSettings: [.define("U_SHOW_CPLUSPLUS_API", to: "1")],
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libunistring's line breaking, the one GNU gettext's PO writer uses (wrapping as msgcat does).
        .target(name: "CUnistring", linkerSettings: [.linkedLibrary("unistring")]),

        // MARK: Library — dependencies point one way; each module sees only the ones below it.
        //
        //   tolk (CLI)          → every module below
        //   MachineTranslation  → Exchange, Sync                 tolk translate: engines, cache
        //   Adoption            → Exchange, LocalizedTrees, Sync tolk adopt
        //   Preview             → LocalizedTrees                 build --html
        //   LocalizedTrees      → Status, Checks, Sync           tolk build: planner, executor, build state, generator wiring
        //   Status              → Checks, Sync                   tolk status: figures, status cache (build adds the figures of what it read)
        //   Exchange            → Checks                         tolk export / import: one import session, a reader per format
        //   Checks              → Sync                           the translation gate (import, check, status, build), verdict cache; tolk check, tolk verify
        //   Sync                → Workspace                      tolk sync: templates, catalogs, translation memory; tolk fmt
        //   Workspace           → Extractor                      tolk.yaml, locales, content formats, generator settings, .tolk/, lock; tolk init
        //   Merger              → Extractor                      span replacement, pseudo-locales
        //   Reports             → Catalog, Core                  status figures and their renderings
        //   Extractor           → Catalog (+ CMarkGFM, Yams)     content → units with byte spans; dialects
        //   Catalog             → Core, LocaleData (+ CUnistring) PO/XLIFF model, reading, writing, updating, checks
        //   Core                                                 StableHash, SipHash128, byte searches in strings and arrays
        //   LocaleData          → CICU                           ICU: plurals, collation, formats
        //
        // A module reaches those below through their `public` and `package` declarations; the rest stays internal.
        .target(name: "Core"),
        .target(name: "LocaleData", dependencies: ["CICU"]),
        .target(name: "Catalog", dependencies: ["Core", "LocaleData", "CUnistring"]),
        .target(name: "Extractor", dependencies: ["Core", "Catalog", "CMarkGFM", "Yams"]),
        .target(name: "Merger", dependencies: ["Core", "Extractor", "Catalog", "LocaleData"]),
        .target(name: "Reports", dependencies: ["Catalog", "Core", "LocaleData"]),
        .target(name: "Workspace", dependencies: ["Core", "Extractor", "Catalog", "LocaleData", "Yams"]),
        .target(name: "Sync", dependencies: ["Workspace", "Core", "Extractor", "Catalog", "LocaleData", "Yams"]),
        .target(name: "Checks", dependencies: ["Core", "Sync", "Workspace", "Extractor", "Merger", "Catalog", "LocaleData"]),
        .target(name: "Exchange", dependencies: ["Checks", "Core", "Workspace", "Extractor", "Catalog", "LocaleData"]),
        .target(name: "Status", dependencies: ["Checks", "Core", "Sync", "Workspace", "Extractor", "Catalog", "Reports", "LocaleData"]),
        .target(name: "LocalizedTrees", dependencies: ["Status", "Checks", "Core", "Sync", "Workspace", "Extractor", "Merger", "Catalog", "Reports", "LocaleData", "Yams"]),
        .target(name: "Adoption", dependencies: ["Exchange", "Core", "LocalizedTrees", "Checks", "Sync", "Workspace", "Extractor", "Catalog", "Reports", "LocaleData"]),
        .target(name: "MachineTranslation", dependencies: ["Exchange", "Sync", "Workspace", "Extractor", "Catalog", "LocaleData"]),
        .target(name: "Preview", dependencies: ["Core", "LocalizedTrees", "Workspace", "Extractor", "Catalog", "Reports", "LocaleData"]),

        // MARK: CLI — thin: parses arguments, calls the library, prints diagnostics.
        // jemalloc is the process's allocator on Linux (Debian's libjemalloc-dev): tolk makes and frees
        // millions of small strings and arrays on two threads, where it is 6–14% faster than glibc's
        // malloc and holds less (README, "Speed"). TOLK_MALLOC=system builds with glibc's.
        .executableTarget(
            name: "tolk",
            dependencies: ["Workspace", "Sync", "Checks", "Exchange", "Status", "LocalizedTrees", "Adoption", "MachineTranslation", "Preview", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            linkerSettings: Context.environment["TOLK_MALLOC"] == "system" ? [] : [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),

        // MARK: Tests — TestSupport: the one process runner and the policy for a missing external tool.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
        .testTarget(name: "LocaleDataTests", dependencies: ["LocaleData", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ExtractorTests", dependencies: ["Extractor", "Merger", "TestSupport", "Yams"], exclude: ["Fixtures"]),  // Yams: reads merged front matter back as a generator would
        .testTarget(name: "MergerTests", dependencies: ["Merger", "Extractor", "Catalog", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StagesTests", dependencies: ["Workspace", "Sync", "Checks", "Exchange", "Status", "LocalizedTrees", "Adoption", "MachineTranslation", "Preview", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Catalog", "LocaleData", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["tolk", "Catalog", "Extractor", "TestSupport", "Yams"], exclude: ["Fixtures"]),  // Catalog: tolk's own reading of an export, to compare with other tools'; Extractor: the HTML structure of a built page against its source; Yams: a built page's front matter read back
    ],
    cxxLanguageStandard: .cxx17
)

// MARK: Fuzzing — libFuzzer targets, only with TOLK_FUZZ=1 (make fuzz, make fuzz-smoke; README "Fuzzing and soak").
// Each is an executable whose `<Module>_main` hands its test to libFuzzer's driver; they need
// `--sanitize fuzzer`, so `swift build` and `swift test` without TOLK_FUZZ never see them.
if Context.environment["TOLK_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Sources/Fuzz/Support"))
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("POReader", ["Catalog"]),
        ("XLIFFReader", ["Catalog"]),
        ("Markdown", ["Extractor", "Merger"]),
        ("FrontMatter", ["Extractor", "Merger"]),
        ("Configuration", ["Workspace"]),
    ]
    for target in fuzzTargets {
        package.targets.append(.executableTarget(name: "Fuzz" + target.name, dependencies: ["FuzzSupport"] + target.dependencies,
                                                 path: "Sources/Fuzz/" + target.name))
    }
}
