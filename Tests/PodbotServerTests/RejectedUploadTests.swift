import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotServer
import PodbotTestSupport
import Testing

/// A rejected upload leaves no file in `uploads/`, and its problem names the client's file name, not a server path.
@Suite struct RejectedUploadTests {
    static func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let entry = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isFolder)
            if !isFolder.boolValue { files.append(entry) }
        }
        return files
    }

    @Test(arguments: [
        ("broken.json", #"{"segments": [{"startTime": 1, "body": "#, "broken.json"),
        (
            "bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi.\n\nxx:yy --> 00:00:03.000\nBye.\n",
            "bad.vtt:6"
        ),
    ])
    func rejectedUploadLeavesNoFileAndNoServerPath(filename: String, content: String, location: String) async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        let uploads = fresh.scratch.path("uploads")
        let (body, type) = Uploads.multipart(filename: filename, content: content)
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try #require(try response.json() as? [String: Any])
                let detail = try #require(problem["detail"] as? String)
                #expect(detail.hasPrefix(location), "\(detail)")
                #expect(!detail.contains(fresh.scratch.path("")), "\(detail)")
                #expect(!detail.contains("/uploads/"), "\(detail)")
            }
        }
        #expect(Self.files(under: uploads).isEmpty)
        #expect(try fresh.backend.library.episodes().isEmpty)
    }

    @Test func acceptedUploadsStayWhenALaterOneIsRejected() async throws {
        let fresh = try ImportAndJobsTests.Fresh(models: false)
        let (good, goodType) = Uploads.multipart(
            filename: "good.txt", content: "Ana: a quokka smiles.\nBen: it does.\n")
        let (bad, badType) = Uploads.multipart(filename: "bad.json", content: "{")
        try await buildApplication(fresh.arguments, backend: fresh.backend).test(.router) { client in
            for (body, type, status) in [
                (good, goodType, HTTPResponse.Status.created), (bad, badType, .unprocessableContent),
            ] {
                try await client.execute(
                    uri: "/api/v1/import", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == status)
                }
            }
        }
        let kept = Self.files(under: fresh.scratch.path("uploads"))
        #expect(kept.count == 1)
        #expect(kept.first?.hasSuffix("/good.txt") == true)
        let source = try #require(
            try fresh.backend.library.episodes().first.map { try fresh.backend.library.episode($0.id) })
        #expect(FileManager.default.fileExists(atPath: source.source.path))
    }
}
