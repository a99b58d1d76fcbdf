// podbot's audio decoder: any file miniaudio (WAV, MP3, FLAC) or stb_vorbis (Ogg Vorbis) reads, as mono float
// samples at the rate asked for, read a block at a time so that an hour of audio never has to be in memory.
// Built by scripts/bootstrap.sh into libpodbot_audio.a; reached from Swift only through the CWhisper module.
#ifndef PODBOT_AUDIO_H
#define PODBOT_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct podbot_audio podbot_audio;

// Opens `path` for decoding to mono float32 at `sample_rate` Hz. Returns NULL when the file is not audio that
// this decoder reads, with the reason in `error` (NUL-terminated, at most `error_size` bytes).
podbot_audio * podbot_audio_open(const char * path, uint32_t sample_rate, char * error, size_t error_size);

// The stream's length in output frames as its container declares or the decoder counts it, or 0 when unknown.
uint64_t podbot_audio_length(const podbot_audio * audio);

// The source's own sample rate and channel count.
uint32_t podbot_audio_source_rate(const podbot_audio * audio);
uint32_t podbot_audio_source_channels(const podbot_audio * audio);

// Reads up to `frames` output frames into `out`. Returns how many were read (0 at the end), or -1 on a decode
// error, with the reason in `error`.
int64_t podbot_audio_read(podbot_audio * audio, float * out, uint64_t frames, char * error, size_t error_size);

// Moves to output frame `frame`. Returns 0, or -1 with the reason in `error`.
int podbot_audio_seek(podbot_audio * audio, uint64_t frame, char * error, size_t error_size);

void podbot_audio_close(podbot_audio * audio);

#ifdef __cplusplus
}
#endif

#endif
