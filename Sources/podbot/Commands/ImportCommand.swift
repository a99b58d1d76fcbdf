import ArgumentParser
import Foundation
import PodbotCommandLine
import PodbotLibrary
import PodbotService
import PodbotTranscript
import PodbotWhisper

extension TranscriptFormat: ExpressibleByArgument {}

/// `podbot import FILE...`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import transcripts (any supported shape) into the library.",
        discussion: """
            The format is detected from the content. Importing the same content again changes nothing. \
            In a batch, a bad file is reported with its line and reason and the others are still imported; \
            the exit status is then 1. Audio files (WAV, MP3, FLAC, Ogg Vorbis; M4A, Opus and WebM through \
            ffmpeg) are transcribed offline with Whisper and stored like any other transcript; an interrupted \
            transcription resumes where it stopped.
            """)

    @OptionGroup var options: LibraryOptions

    @Argument(help: "Transcript or audio files.") var files: [String]

    @Option(
        help: "Format, or auto to detect: auto, \(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "auto"
    @Option(help: "Show name.") var show: String?
    @Option(help: "Episode title.") var title: String?
    @Option(help: "Episode URL.") var url: String?
    @Option(help: "Publication date, YYYY-MM-DD.") var date: String?
    @Option(
        help: "Speaker names for transcripts that name speakers without a colon, e.g. \"Hugo Bowne-Anderson,Jeremy\".")
    var speakers: String?
    @Option(help: "JSON metadata file: one object for all files, or objects keyed by file name.") var meta: String?
    @Flag(help: "Replace an earlier import of the same file or content.") var replace = false
    @Option(help: "Refuse files larger than this many MB.") var maxSize: Int = ImportLimits.default.maxBytes >> 20
    @Option(
        help: ArgumentHelp(
            "Passage sizes in words: closes at a speaker change after MIN, at a sentence end after TARGET, never "
                + "past MAX (what search and answers cite; tuned on eval/dev.jsonl, see BENCHMARKS.md).",
            valueName: "min,target,max"))
    var passageWords =
        "\(PassagePolicy.default.minWords),\(PassagePolicy.default.targetWords),\(PassagePolicy.default.maxWords)"
    @Flag(help: "Print a JSON report.") var json = false
    @OptionGroup var transcription: TranscriptionOptions

    /// `--passage-words` as a policy.
    var passagePolicy: PassagePolicy {
        get throws {
            let numbers = passageWords.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 3, 0 < numbers[0], numbers[0] <= numbers[1], numbers[1] <= numbers[2],
                numbers[2] <= 200
            else {
                throw ValidationError(
                    "--passage-words: expected MIN,TARGET,MAX with 0 < MIN <= TARGET <= MAX <= 200, got \"\(passageWords)\""
                )
            }
            return PassagePolicy(minWords: numbers[0], targetWords: numbers[1], maxWords: numbers[2])
        }
    }

    func validate() throws {
        _ = try passagePolicy
        if format != "auto" && TranscriptFormat(rawValue: format) == nil {
            throw ValidationError("--format: unknown format \"\(format)\"")
        }
        if let date { _ = try PublishDate.validated(date, source: "--date", field: "date") }
        // Bounded so that the shift to bytes cannot wrap round to a tiny or negative limit.
        guard (1...(1 << 20)).contains(maxSize) else { throw ValidationError("--max-size must be 1 to \(1 << 20)") }
    }

    func run() async throws {
        let podbot = Podbot(library: try options.open())
        let sidecar = try meta.map(MetadataSidecar.init(path:))
        let flagMetadata = EpisodeMetadata(title: title, show: show, url: url, published: date)
        let flagSpeakers =
            speakers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let requests = files.map { file in
            let entry = sidecar?.entry(for: file)
            return ImportRequest(
                path: file, format: TranscriptFormat(rawValue: format),
                metadata: flagMetadata.filling(from: entry?.metadata ?? EpisodeMetadata()),
                speakers: flagSpeakers.isEmpty ? entry?.speakers ?? [] : flagSpeakers, replace: replace)
        }
        var reports: [ImportReport] = []
        var entries: [ReportJSON] = []
        var failures = 0
        let audio = requests.filter(Library.isAudio)
        let transcripts = requests.filter { !Library.isAudio($0) }
        // Files are parsed a few ahead on the other core while each is stored in its own transaction, in order.
        let policy = try passagePolicy
        await podbot.importTranscripts(transcripts, limits: ImportLimits(maxBytes: maxSize << 20), passages: policy) {
            index, outcome in
            switch outcome {
            case .success(let report):
                reports.append(report)
                entries.append(ReportJSON(report))
                if !json { Terminal.standardError(Self.describe(report)) }
            case .failure(let error):
                failures += 1
                entries.append(ReportJSON(failed: transcripts[index].path, error: error))
                Terminal.error(error)
            }
        }
        if !audio.isEmpty {
            let renderer = TranscriptionProgressRenderer(transcription.progress)
            let transcriber = Result { try transcription.makeTranscriber() }
            for request in audio {
                do {
                    renderer.start(request.path)
                    let report = try await podbot.importAudio(
                        request, transcriber: transcriber.get(), passages: policy, progress: renderer.handler)
                    renderer.finishLine()
                    reports.append(report)
                    entries.append(ReportJSON(report))
                    if !json { Terminal.standardError(Self.describe(report)) }
                } catch {
                    renderer.finishLine()
                    failures += 1
                    entries.append(ReportJSON(failed: request.path, error: error))
                    Terminal.error(error)
                }
            }
        }
        if json { try Terminal.printJSON(entries) }
        let episodes = reports.filter { $0.status != .unchanged }.reduce(0) { $0 + $1.episodeIDs.count }
        Terminal.standardError(
            "\(reports.count) of \(files.count) files imported or already present, \(episodes) episodes stored"
                + (failures > 0 ? ", \(failures) failed" : "") + " (\(options.path))")
        if failures > 0 { throw ExitCode.failure }
    }

    static func describe(_ report: ImportReport) -> String {
        let ids = report.episodeIDs.map { "#\($0)" }.joined(separator: ", ")
        switch report.status {
        case .unchanged: return "unchanged \(report.path): already in the library as \(ids)"
        case .imported, .replaced:
            return "\(report.status.rawValue) \(report.path) (\(report.format.rawValue)): episodes \(ids)"
        }
    }

    /// One file of a `--json` report: what was stored, or (`status` "failed") the one-line error.
    struct ReportJSON: Encodable {
        var path: String
        var status: String
        var format: String?
        var sha256: String?
        var episodeIDs: [Int64]
        var error: String?

        init(_ report: ImportReport) {
            path = report.path
            status = report.status.rawValue
            format = report.format.rawValue
            sha256 = report.sha256
            episodeIDs = report.episodeIDs
        }

        init(failed path: String, error: any Error) {
            self.path = path
            status = "failed"
            episodeIDs = []
            self.error = "\(error)"
        }

        enum CodingKeys: String, CodingKey {
            case path, status, format, sha256, error
            case episodeIDs = "episode_ids"
        }
    }
}
