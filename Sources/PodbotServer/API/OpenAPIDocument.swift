import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of this API, kept beside the routes it describes
/// (a test checks every route is in it).
enum OpenAPIDocument {
    static func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        }
    }

    /// The kinds `POST /api/v1/jobs` starts, as a JSON array: read from ``JobKind/all``, the one list of them.
    static var jobKindNames: String { "[" + JobKind.all.map { "\"\($0.name)\"" }.joined(separator: ", ") + "]" }

    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "podbot",
            "version": "1.0.0",
            "description": "A local-first podcast knowledge base: episodes, transcripts, passage search, cited answers, imports and background jobs. Errors are RFC 9457 problem details (application/problem+json). Off loopback, import and jobs need `Authorization: Bearer <PODBOT_TOKEN>`."
          },
          "servers": [{"url": "/api/v1"}],
          "paths": {
            "/episodes": {
              "get": {
                "operationId": "listEpisodes", "summary": "Every episode, newest first",
                "parameters": [{"name": "show", "in": "query", "schema": {"type": "string"}, "description": "Only this show (any case)"}],
                "responses": {"200": {"description": "Episodes", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/EpisodeSummary"}}}}}}
              }
            },
            "/episodes/{id}": {
              "get": {
                "operationId": "getEpisode", "summary": "One episode with a page of its transcript, summary, chapters and questions",
                "parameters": [{"$ref": "#/components/parameters/EpisodeID"}, {"$ref": "#/components/parameters/Offset"}, {"$ref": "#/components/parameters/Limit"}],
                "responses": {
                  "200": {"description": "The episode", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EpisodeDetail"}}}},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/episodes/{id}/transcript": {
              "get": {
                "operationId": "getTranscript", "summary": "A page of the transcript's segments and the passages that hold them (what citations point at)",
                "parameters": [{"$ref": "#/components/parameters/EpisodeID"}, {"$ref": "#/components/parameters/Offset"}, {"$ref": "#/components/parameters/Limit"}],
                "responses": {
                  "200": {"description": "Segments and passages", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transcript"}}}},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/search": {
              "get": {
                "operationId": "search", "summary": "Passages matching the words, best first (the JSON of `podbot search --json`)",
                "parameters": [
                  {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
                  {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["bm25", "vector", "hybrid"]}},
                  {"name": "episode", "in": "query", "schema": {"type": "integer"}},
                  {"name": "show", "in": "query", "schema": {"type": "string"}},
                  {"name": "speaker", "in": "query", "schema": {"type": "string"}},
                  {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                  {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}
                ],
                "responses": {
                  "200": {"description": "Hits", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}}}}},
                  "400": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/ask": {
              "get": {
                "operationId": "ask", "summary": "A cited answer; JSON, or server-sent events (`token`, then `result` or `problem`) with Accept: text/event-stream or stream=true",
                "parameters": [
                  {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 2000}},
                  {"name": "k", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20, "default": 6}},
                  {"name": "stream", "in": "query", "schema": {"type": "boolean"}},
                  {"name": "episode", "in": "query", "schema": {"type": "integer"}},
                  {"name": "show", "in": "query", "schema": {"type": "string"}},
                  {"name": "speaker", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "The answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AskResult"}}, "text/event-stream": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              },
              "post": {
                "operationId": "askPost", "summary": "A cited answer to a question in a JSON body",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AskRequest"}}}},
                "responses": {
                  "200": {"description": "The answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AskResult"}}, "text/event-stream": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/import": {
              "post": {
                "operationId": "importTranscript", "summary": "Import an uploaded transcript (any format `podbot import` reads); audio is transcribed by a background job",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                  "file": {"type": "string", "format": "binary"}, "title": {"type": "string"}, "show": {"type": "string"},
                  "url": {"type": "string"}, "published": {"type": "string", "format": "date"}}}}}},
                "responses": {
                  "201": {"description": "Imported", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportOutcome"}}}},
                  "200": {"description": "Already in the library, unchanged", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportOutcome"}}}},
                  "202": {"description": "Audio: the transcription job, queued; follow its Location", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "401": {"$ref": "#/components/responses/Problem"},
                  "413": {"$ref": "#/components/responses/Problem"},
                  "415": {"$ref": "#/components/responses/Problem"},
                  "422": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/episodes/{id}/export": {
              "get": {
                "operationId": "exportEpisode", "summary": "The episode as WebVTT, SRT, Podcasting 2.0 JSON, JSON chapters 1.2 or Markdown (an attachment)",
                "parameters": [
                  {"$ref": "#/components/parameters/EpisodeID"},
                  {"name": "format", "in": "query", "required": true, "schema": {"type": "string", "enum": ["vtt", "srt", "json", "chapters", "md"]}}
                ],
                "responses": {
                  "200": {"description": "The export", "content": {"text/vtt": {"schema": {"type": "string"}}, "application/x-subrip": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}, "application/json+chapters": {"schema": {"type": "object"}}, "text/markdown": {"schema": {"type": "string"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "404": {"$ref": "#/components/responses/Problem"},
                  "422": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/feeds": {
              "get": {
                "operationId": "listFeeds", "summary": "Subscribed podcast feeds and what their items gave",
                "responses": {"200": {"description": "Feeds", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Feed"}}}}}}
              },
              "post": {
                "operationId": "addFeed", "summary": "Subscribe to an http(s) RSS feed and import its Podcasting 2.0 transcripts and chapters, as a background job (kind feed-add; progress is items stored)", "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"}}}}}},
                "responses": {
                  "202": {"description": "The job, queued; follow its Location", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "422": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/feeds/{feed}": {
              "get": {
                "operationId": "getFeed", "summary": "A feed and its items",
                "parameters": [{"$ref": "#/components/parameters/FeedID"}],
                "responses": {
                  "200": {"description": "The feed", "content": {"application/json": {"schema": {"type": "object", "properties": {"feed": {"$ref": "#/components/schemas/Feed"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/FeedItem"}}}}}}},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              },
              "delete": {
                "operationId": "removeFeed", "summary": "Unsubscribe; its episodes stay unless delete_episodes=true", "security": [{"bearer": []}],
                "parameters": [{"$ref": "#/components/parameters/FeedID"}, {"name": "delete_episodes", "in": "query", "schema": {"type": "boolean"}}],
                "responses": {
                  "200": {"description": "Removed", "content": {"application/json": {"schema": {"type": "object", "properties": {"feed": {"$ref": "#/components/schemas/Feed"}, "deleted_episodes": {"type": "integer"}}}}}},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/feeds/{feed}/sync": {
              "post": {
                "operationId": "syncFeed", "summary": "Fetch the feed again (conditionally) and import what is new or changed, as a background job (kind feed-sync)", "security": [{"bearer": []}],
                "parameters": [{"$ref": "#/components/parameters/FeedID"}],
                "responses": {
                  "202": {"description": "The job, queued; follow its Location", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                  "404": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/jobs": {
              "get": {
                "operationId": "listJobs", "summary": "Every job, oldest first", "security": [{"bearer": []}],
                "responses": {"200": {"description": "Jobs", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}}}}
              },
              "post": {
                "operationId": "startJob", "summary": "Queue a background job (one queue; jobs outlive the request)", "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": \#(jobKindNames)}, "episodes": {"type": "array", "items": {"type": "integer"}, "description": "Episode ids for summarize and questions; omitted or empty: every episode"}}}}}},
                "responses": {
                  "202": {"description": "Queued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
                  "400": {"$ref": "#/components/responses/Problem"},
                  "401": {"$ref": "#/components/responses/Problem"},
                  "422": {"$ref": "#/components/responses/Problem"}
                }
              }
            },
            "/jobs/kinds": {
              "get": {
                "operationId": "listJobKinds", "summary": "The job kinds", "security": [{"bearer": []}],
                "responses": {"200": {"description": "Kinds", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "summary": {"type": "string"}}}}}}}}
              }
            },
            "/jobs/{job}": {
              "parameters": [{"name": "job", "in": "path", "required": true, "schema": {"type": "string"}}],
              "get": {
                "operationId": "getJob", "summary": "A job's status and progress", "security": [{"bearer": []}],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "404": {"$ref": "#/components/responses/Problem"}}
              },
              "delete": {
                "operationId": "cancelJob", "summary": "Cancel a queued or running job", "security": [{"bearer": []}],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "404": {"$ref": "#/components/responses/Problem"}}
              }
            },
            "/jobs/{job}/cancel": {
              "parameters": [{"name": "job", "in": "path", "required": true, "schema": {"type": "string"}}],
              "post": {
                "operationId": "cancelJobPost", "summary": "Cancel a queued or running job", "security": [{"bearer": []}],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "404": {"$ref": "#/components/responses/Problem"}}
              }
            },
            "/openapi.json": {
              "get": {"operationId": "openapi", "summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}
            }
          },
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "PODBOT_TOKEN; required when the server is bound off loopback"}},
            "parameters": {
              "EpisodeID": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
              "FeedID": {"name": "feed", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
              "Offset": {"name": "offset", "in": "query", "description": "The first transcript segment (0-based)", "schema": {"type": "integer", "minimum": 0, "maximum": 100000000, "default": 0}},
              "Limit": {"name": "limit", "in": "query", "description": "Transcript segments per page", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 2000}}
            },
            "responses": {
              "Problem": {"description": "RFC 9457 problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "Busy": {"description": "Too many questions wait for the model", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            },
            "schemas": {
              "Feed": {"type": "object", "required": ["id", "url", "items", "episodes", "without_transcript", "failed", "added_at"], "properties": {
                "id": {"type": "integer"}, "url": {"type": "string"}, "title": {"type": ["string", "null"]}, "author": {"type": ["string", "null"]},
                "language": {"type": ["string", "null"]}, "image": {"type": ["string", "null"]}, "link": {"type": ["string", "null"]},
                "added_at": {"type": "string"}, "synced_at": {"type": ["string", "null"]}, "items": {"type": "integer"}, "episodes": {"type": "integer"},
                "without_transcript": {"type": "integer"}, "failed": {"type": "integer"}}},
              "FeedItem": {"type": "object", "required": ["guid", "title", "status"], "properties": {
                "guid": {"type": "string"}, "title": {"type": "string"}, "published": {"type": ["string", "null"]},
                "status": {"type": "string", "enum": ["imported", "no-transcript", "failed"]}, "episode_id": {"type": ["integer", "null"]},
                "transcript_url": {"type": ["string", "null"]}, "enclosure_url": {"type": ["string", "null"]}, "error": {"type": ["string", "null"]}}},
              "Problem": {"type": "object", "required": ["type", "title", "status"], "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}, "retry_after": {"type": "integer"}}},
              "EpisodeSummary": {"type": "object", "required": ["id", "title", "words", "segments", "speakers", "has_timestamps"], "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"}, "show": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                "published": {"type": ["string", "null"]}, "duration_seconds": {"type": ["number", "null"]}, "words": {"type": "integer"},
                "segments": {"type": "integer"}, "speakers": {"type": "array", "items": {"type": "string"}}, "has_timestamps": {"type": "boolean"}}},
              "Segment": {"type": "object", "properties": {
                "speaker": {"type": ["string", "null"]}, "start_seconds": {"type": ["number", "null"]}, "end_seconds": {"type": ["number", "null"]},
                "text": {"type": "string"}, "non_speech": {"type": "array", "items": {"type": "string"}}, "speaker_change": {"type": "boolean"}}},
              "EpisodeDetail": {"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"}, "show": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                "published": {"type": ["string", "null"]}, "duration_seconds": {"type": ["number", "null"]}, "words": {"type": "integer"},
                "speakers": {"type": "array", "items": {"type": "string"}}, "has_timestamps": {"type": "boolean"},
                "hosts": {"type": "array", "items": {"type": "string"}}, "guests": {"type": "array", "items": {"type": "string"}},
                "segments": {"type": "array", "description": "A page of the transcript", "items": {"$ref": "#/components/schemas/Segment"}},
                "segment_offset": {"type": "integer", "description": "The ordinal of the page's first segment"},
                "segment_count": {"type": "integer", "description": "Segments in the whole transcript"},
                "summary": {"type": ["string", "null"]}, "summary_origin": {"type": ["string", "null"]},
                "chapters": {"type": "array", "items": {"type": "object"}}, "questions": {"type": "array", "items": {"type": "object"}},
                "creator_chapters": {"type": "array", "description": "The show creator's chapters from its feed, as published", "items": {"type": "object", "properties": {
                  "title": {"type": "string"}, "start_seconds": {"type": "number"}, "end_seconds": {"type": ["number", "null"]},
                  "url": {"type": ["string", "null"]}, "image": {"type": ["string", "null"]}, "toc": {"type": "boolean"}}}},
                "source": {"type": "object"}}},
              "Transcript": {"type": "object", "properties": {
                "episode_id": {"type": "integer"}, "title": {"type": "string"},
                "segment_offset": {"type": "integer"}, "segment_count": {"type": "integer"},
                "segments": {"type": "array", "items": {"$ref": "#/components/schemas/Segment"}},
                "passages": {"type": "array", "items": {"type": "object", "properties": {
                  "id": {"type": "integer"}, "ordinal": {"type": "integer"}, "first_segment": {"type": "integer"}, "last_segment": {"type": "integer"},
                  "start_seconds": {"type": ["number", "null"]}}}}}},
              "SearchHit": {"type": "object", "properties": {
                "passage_id": {"type": "integer"}, "episode_id": {"type": "integer"}, "title": {"type": "string"}, "show": {"type": ["string", "null"]},
                "text": {"type": "string"}, "snippet": {"type": "string"}, "speaker": {"type": ["string", "null"]},
                "start_seconds": {"type": ["number", "null"]}, "end_seconds": {"type": ["number", "null"]}, "score": {"type": "number"}, "url": {"type": ["string", "null"]}}},
              "AskRequest": {"type": "object", "required": ["question"], "properties": {
                "question": {"type": "string"}, "episode": {"type": "integer"}, "show": {"type": "string"}, "speaker": {"type": "string"},
                "k": {"type": "integer", "minimum": 1, "maximum": 20}, "stream": {"type": "boolean"}}},
              "Source": {"type": "object", "properties": {
                "n": {"type": "integer"}, "passage_id": {"type": "integer"}, "episode_id": {"type": "integer"}, "title": {"type": "string"},
                "show": {"type": ["string", "null"]}, "speaker": {"type": ["string", "null"]}, "start_seconds": {"type": ["number", "null"]},
                "end_seconds": {"type": ["number", "null"]}, "text": {"type": "string"}, "url": {"type": ["string", "null"]}, "score": {"type": "number"}}},
              "AskResult": {"type": "object", "required": ["question", "covered", "answer", "citations", "passages", "timings"], "properties": {
                "question": {"type": "string"}, "covered": {"type": "boolean"}, "answer": {"type": "string"},
                "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                "passages": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                "timings": {"type": "object", "properties": {"retrieval_ms": {"type": "number"}, "first_token_ms": {"type": ["number", "null"]}, "total_ms": {"type": "number"}}}}},
              "ImportOutcome": {"type": "object", "properties": {
                "status": {"type": "string", "enum": ["imported", "unchanged", "replaced"]}, "format": {"type": "string"}, "sha256": {"type": "string"},
                "episode_ids": {"type": "array", "items": {"type": "integer"}}, "filename": {"type": "string"}}},
              "Job": {"type": "object", "properties": {
                "id": {"type": "string"}, "kind": {"type": "string"}, "episodes": {"type": "array", "items": {"type": "integer"}}, "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
                "done": {"type": "integer"}, "total": {"type": ["integer", "null"]}, "message": {"type": ["string", "null"]},
                "created_at": {"type": "string"}, "started_at": {"type": ["string", "null"]}, "finished_at": {"type": ["string", "null"]}}}
            }
          }
        }
        """#
}
