import Foundation
import Hummingbird

/// Background jobs: `POST /jobs {"kind", "episodes"}` starts one (202), `GET /jobs` lists, `GET /jobs/{id}` is its status,
/// `DELETE /jobs/{id}` (or `POST /jobs/{id}/cancel`) cancels it. `GET /jobs/kinds` names the kinds.
struct JobsAPI {
    let backend: Backend

    struct KindBody: Encodable {
        var name: String
        var summary: String
    }

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("jobs") { _, _ in try JSONResponse.make(await backend.jobs.list()) }
        group.get("jobs/kinds") { _, _ in
            try JSONResponse.make(JobKind.all.map { KindBody(name: $0.name, summary: $0.summary) })
        }
        group.post("jobs") { request, _ in
            try request.requireJSONBody()
            var request = request
            let data = try await request.collectBody(upTo: 16 * 1024)
            let body = try JSONArguments(body: data, example: "{\"kind\": \"summarize\", \"episodes\": [1, 2]}")
            let name = try body.requiredString("kind")
            guard let kind = JobKind.all.first(where: { $0.name == name }) else {
                throw ProblemDetails(
                    .unprocessableContent,
                    "no job kind \"\(name)\"; kinds: " + JobKind.all.map(\.name).joined(separator: ", "))
            }
            let episodes = try body.integers("episodes", in: JSONArguments.episodeIDs) ?? []
            if let missing = try await backend.podbot.missingEpisodes(episodes).first {
                throw ProblemDetails(.unprocessableContent, "episodes: no episode \(missing)")
            }
            return try JSONResponse.accepted(await backend.jobs.submit(kind, episodes: episodes))
        }
        group.get("jobs/{job}") { _, context in
            try JSONResponse.make(try await job(context, { await backend.jobs.status($0) }))
        }
        group.delete("jobs/{job}") { _, context in
            try JSONResponse.make(try await job(context, { await backend.jobs.cancel($0) }))
        }
        group.post("jobs/{job}/cancel") { _, context in
            try JSONResponse.make(try await job(context, { await backend.jobs.cancel($0) }))
        }
    }

    private func job(_ context: BasicRequestContext, _ action: (String) async -> JobStatus?) async throws -> JobStatus {
        let id = context.parameters.get("job") ?? ""
        guard let status = await action(id) else { throw ProblemDetails(.notFound, "no job \(id)") }
        return status
    }
}
