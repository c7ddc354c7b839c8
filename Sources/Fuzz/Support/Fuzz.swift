#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libFuzzer driver for tolk's fuzz targets, and the one way a target reports a broken invariant.
///
/// SwiftPM links an executable with `main` defined as `<Module>_main`, so each target exports that
/// symbol with `@_cdecl` and hands its test to `Fuzz.run`, which gives control to libFuzzer's own
/// driver (`LLVMFuzzerRunDriver`, in the runtime `-sanitize=fuzzer` links). Built only with
/// `TOLK_FUZZ=1` (see Package.swift and `make fuzz`).
///
/// ```swift
/// @_cdecl("FuzzPOReader_main")
/// func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
///     Fuzz.run(argc, argv) { bytes in _ = POReader(path: "fuzz.po").read(bytes) }
/// }
/// ```
public enum Fuzz {
    /// The test of the running target. libFuzzer calls back through a C function pointer, which can
    /// capture nothing, so the test waits here; it is set once, before the driver starts.
    nonisolated(unsafe) private static var test: ([UInt8]) -> Void = { _ in }

    /// Runs libFuzzer with the process's arguments (`-max_total_time=60 corpus/`, …) on `test`.
    public static func run(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                           test: @escaping ([UInt8]) -> Void) -> Int32 {
        Fuzz.test = test
        var argc = argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
            Fuzz.test(bytes)
            return 0
        }
    }

    /// Stops the run with `message` when an invariant does not hold: libFuzzer sees the abort, saves
    /// the input as a crash artifact and prints its path.
    public static func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        guard !condition() else { return }
        var text = "tolk fuzz: invariant broken: \(message())\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        abort()
    }

    /// The bytes as text, escaped so that a report shows exactly what differed.
    public static func show(_ bytes: some Collection<UInt8>, limit: Int = 400) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return text.debugDescription + (bytes.count > limit ? "… (\(bytes.count) bytes)" : "")
    }

    /// The index of the first byte where `left` and `right` differ (the shorter's count when one is a prefix).
    public static func firstDifference(_ left: [UInt8], _ right: [UInt8]) -> Int {
        var index = 0
        while index < left.count, index < right.count, left[index] == right[index] { index += 1 }
        return index
    }
}

/// libFuzzer's entry for programs that have a `main` of their own (compiler-rt's FuzzerInterface.h):
/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
