/// CPU threads of each llama.cpp or whisper.cpp engine a test starts, in-process or as a child.
///
/// The suites run side by side on a 2-core machine, and the engines' OpenMP threads spin while they wait: two
/// busy-waiting threads on a loaded 2-core box were measured 25× slower than one. With one thread each, engines in
/// parallel suites share the cores instead of fighting for them (BENCHMARKS.md, "The test command").
public let engineThreads = 1
