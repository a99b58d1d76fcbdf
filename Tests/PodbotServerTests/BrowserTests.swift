import Foundation
import Hummingbird
import HummingbirdTesting
import PodbotServer
import PodbotTestSupport
import Testing

/// The pages in a real headless Chromium (Debian's `chromium`, see scripts/install-test-deps.sh): static DOM
/// with `--dump-dom`, and search-as-you-type and the streamed ask through the DevTools protocol
/// (`Browser/cdp_driver.py`). With `PODBOT_SCREENSHOTS=1` the screenshots go to docs/screenshots/.
@Suite(.serialized) struct BrowserTests {
    static let chromium: String? = {
        let environment = ProcessInfo.processInfo.environment
        if environment["PODBOT_SKIP_BROWSER"] == "1" { return nil }
        let candidates = [environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/chromium"
    }()

    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Browser/cdp_driver.py").path

    static let screenshotFolder: URL = {
        if ProcessInfo.processInfo.environment["PODBOT_SCREENSHOTS"] == "1" {
            return Corpus.repositoryRoot.appendingPathComponent("docs/screenshots")
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("podbot-screenshots")
    }()

    /// Runs a program and returns its standard output (standard error is discarded).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = ScratchFolder()
        let file = output.path("out")
        FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        await process.exited()
        try handle.close()
        return (process.terminationStatus, try String(contentsOfFile: file, encoding: .utf8))
    }

    /// Runs the DevTools driver's `steps`; the values it recorded.
    static func drive(_ steps: [[String: Any]]) async throws -> [String: Any] {
        let chromium = try #require(chromium, "set PODBOT_SKIP_BROWSER=0 and install chromium")
        let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        let result = try await run("/usr/bin/env", ["python3", driver, chromium, json])
        let reply = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            "driver printed: \(result.output)")
        if let error = reply["error"] as? String { Issue.record("browser: \(error)") }
        return reply["values"] as? [String: Any] ?? [:]
    }

    @Test(.enabled(if: chromium != nil)) func staticPagesRenderWithoutJavaScript() async throws {
        let shared = try await ServerFixture.get()
        let chromium = try #require(Self.chromium)
        try await ServerFixture.application().test(.live) { client in
            let port = try #require(client.port)
            let dom = try await Self.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                    "http://127.0.0.1:\(port)/episodes/\(shared.hostileID)",
                ])
            #expect(dom.status == 0)
            #expect(dom.output.contains("id=\"episode-title\""))
            #expect(dom.output.contains("&lt;script&gt;document.title="))
            #expect(dom.output.contains("<title>&lt;script&gt;document.title="))
            #expect(!dom.output.contains("pwned=\"1\""))
            let library = try await Self.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                    "http://127.0.0.1:\(port)/?q=fastai",
                ])
            let hits = try shared.backend.library.searchBM25("fastai", limit: 10)
            #expect(library.output.components(separatedBy: "<li class=\"hit\">").count - 1 == hits.count)
        }
    }

    @Test(.enabled(if: chromium != nil)) func searchAsYouTypeAndHostileTextInTheBrowser() async throws {
        let shared = try await ServerFixture.get()
        try FileManager.default.createDirectory(at: Self.screenshotFolder, withIntermediateDirectories: true)
        let expected = try shared.backend.library.searchBM25("fastai course", limit: 10)
        try await ServerFixture.application().test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let values = try await Self.drive([
                ["navigate": base + "/"],
                ["eval": "document.querySelectorAll('#episodes tbody tr').length", "name": "rows"],
                ["type": "#search-q", "text": "fastai course"],
                ["wait": "document.querySelector('#results').dataset.query === 'fastai course'", "timeout": 600],
                ["eval": "document.querySelectorAll('#results li').length", "name": "hits"],
                ["eval": "document.querySelector('#results li a').getAttribute('href')", "name": "firstHref"],
                ["eval": "document.querySelector('#results mark') !== null", "name": "marked"],
                ["screenshot": Self.screenshotFolder.appendingPathComponent("library.png").path],
                ["navigate": base + "/episodes/\(shared.hostileID)"],
                ["eval": "document.title", "name": "hostileTitle"],
                ["eval": "document.body.dataset.pwned === undefined", "name": "inert"],
                ["eval": "document.querySelectorAll('main img, main script').length", "name": "injected"],
                ["eval": "document.querySelector('.line .text').textContent", "name": "hostileText"],
            ])
            #expect(values["rows"] as? Int == (try shared.backend.library.episodes()).count)
            #expect(values["hits"] as? Int == expected.count)
            #expect(
                values["firstHref"] as? String
                    == "/episodes/\(expected[0].episodeID)?passage=\(expected[0].passageID)#p-\(expected[0].passageID)")
            #expect(values["marked"] as? Bool == true)
            #expect((values["hostileTitle"] as? String)?.hasPrefix("<script>document.title='pwned'</script>") == true)
            #expect(values["inert"] as? Bool == true)
            #expect(values["injected"] as? Int == 0)
            #expect(values["hostileText"] as? String == ServerFixture.hostileWords)
        }
    }

    @Test(.enabled(if: chromium != nil)) func episodePageAndStreamedAskInTheBrowser() async throws {
        let shared = try await ServerFixture.get()
        try FileManager.default.createDirectory(at: Self.screenshotFolder, withIntermediateDirectories: true)
        let whisper = try #require(
            try shared.backend.library.episodes().first { $0.hasTimestamps && $0.id != shared.hostileID })
        let passages = try shared.backend.library.passages(episode: whisper.id)
        try await ServerFixture.application().test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let question = "What does Jeremy Howard say about the fastai course?"
            let values = try await Self.drive([
                ["navigate": base + "/episodes/\(whisper.id)"],
                ["eval": "document.querySelectorAll('section.passage:not(#p-0)').length", "name": "passages"],
                ["eval": "document.querySelector('a.time').getAttribute('href')", "name": "timeHref"],
                ["screenshot": Self.screenshotFolder.appendingPathComponent("episode.png").path],
                ["navigate": base + "/ask?q=" + question.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!],
                [
                    "wait": "['done', 'failed'].includes(document.querySelector('#answer').dataset.state)",
                    "timeout": 600,
                ],
                ["eval": "document.querySelector('#answer').dataset.state", "name": "state"],
                ["eval": "document.querySelector('#answer').textContent.length", "name": "answerLength"],
                ["eval": "document.querySelectorAll('#citations li').length", "name": "sources"],
                ["eval": "document.querySelector('#citations li a').getAttribute('href')", "name": "sourceHref"],
                ["screenshot": Self.screenshotFolder.appendingPathComponent("ask.png").path],
            ])
            #expect(values["passages"] as? Int == passages.count)
            #expect((values["timeHref"] as? String)?.hasPrefix("#s-") == true)
            #expect(values["state"] as? String == "done")
            #expect((values["answerLength"] as? Int ?? 0) > 20)
            #expect((values["sources"] as? Int ?? 0) >= 1)
            #expect((values["sourceHref"] as? String)?.contains("#p-") == true)
        }
    }

    /// The attack from issue 15: a page on another port sends `no-cors` writes, which a browser sends without
    /// asking (multipart import, `text/plain` job). The requests reach the server, and nothing is stored or started.
    @Test(.enabled(if: chromium != nil)) func pageFromAnotherPortCannotImportOrStartJobs() async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        let attacker = Router()
        attacker.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<!doctype html><title>elsewhere</title><p>hi</p>")))
        }
        let elsewhere = Application(router: attacker, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let podbot = try await buildApplication(fresh.arguments, backend: fresh.backend)
        try await elsewhere.test(.live) { attackerClient in
            try await podbot.test(.live) { client in
                let target = "http://127.0.0.1:\(try #require(client.port))"
                let script = """
                    (async () => {
                      const sent = [];
                      const form = new FormData();
                      form.append("file", new Blob(["Ana: a quokka smiles.\\nBen: it does."], {type: "text/plain"}), "a.txt");
                      for (const [path, init] of [
                        ["/api/v1/import", {body: form}],
                        ["/api/v1/jobs", {headers: {"Content-Type": "text/plain"},
                                          body: JSON.stringify({kind: "summarize", episodes: []})}],
                      ]) {
                        try {
                          const response = await fetch("\(target)" + path, {mode: "no-cors", method: "POST", ...init});
                          sent.push(response.type);
                        } catch (error) { sent.push("failed: " + error); }
                      }
                      return sent.join(",");
                    })()
                    """
                let values = try await Self.drive([
                    ["navigate": "http://127.0.0.1:\(try #require(attackerClient.port))/"],
                    ["eval": "location.origin", "name": "origin"],
                    ["eval": script, "name": "sent"],
                ])
                #expect((values["origin"] as? String)?.hasPrefix("http://127.0.0.1:") == true)
                #expect(values["origin"] as? String != target)
                // Opaque responses: the browser sent both requests and the server answered them.
                #expect(values["sent"] as? String == "opaque,opaque")
            }
        }
        try await SameOriginTests.expectNothingDone(fresh)
    }
}
