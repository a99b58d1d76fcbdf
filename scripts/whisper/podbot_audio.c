// See podbot_audio.h. miniaudio and stb_vorbis are the copies whisper.cpp ships in examples/ (public domain / MIT-0),
// configured as whisper.cpp's own common-whisper.cpp configures them: decoding only.
#include "podbot_audio.h"

#include <stdio.h>
#include <stdlib.h>

#define STB_VORBIS_HEADER_ONLY
#include "stb_vorbis.c"

#define MA_NO_DEVICE_IO
#define MA_NO_THREADING
#define MA_NO_ENCODING
#define MA_NO_GENERATION
#define MA_NO_RESOURCE_MANAGER
#define MA_NO_NODE_GRAPH
#define MINIAUDIO_IMPLEMENTATION
#include "miniaudio.h"

#undef STB_VORBIS_HEADER_ONLY
#include "stb_vorbis.c"

struct podbot_audio {
    ma_decoder decoder;
    uint64_t length;
    uint32_t source_rate;
    uint32_t source_channels;
};

static void say(char * error, size_t size, const char * what, ma_result result) {
    if (error && size > 0) {
        snprintf(error, size, "%s (%s)", what, ma_result_description(result));
    }
}

podbot_audio * podbot_audio_open(const char * path, uint32_t sample_rate, char * error, size_t error_size) {
    podbot_audio * audio = (podbot_audio *) calloc(1, sizeof(podbot_audio));
    if (!audio) {
        say(error, error_size, "out of memory", MA_OUT_OF_MEMORY);
        return NULL;
    }
    ma_decoder_config config = ma_decoder_config_init(ma_format_f32, 1, sample_rate);
    ma_result result = ma_decoder_init_file(path, &config, &audio->decoder);
    if (result != MA_SUCCESS) {
        // miniaudio says only "Unknown error" or "Invalid file" here: the file matched none of its decoders.
        if (error && error_size > 0) {
            snprintf(error, error_size, "not audio that podbot decodes (WAV, MP3, FLAC, Ogg Vorbis)");
        }
        free(audio);
        return NULL;
    }
    ma_uint64 frames = 0;
    if (ma_decoder_get_length_in_pcm_frames(&audio->decoder, &frames) == MA_SUCCESS) {
        audio->length = frames;
    }
    ma_format format;
    ma_uint32 channels = 0, rate = 0;
    if (ma_data_source_get_data_format(audio->decoder.pBackend, &format, &channels, &rate, NULL, 0) == MA_SUCCESS) {
        audio->source_rate = rate;
        audio->source_channels = channels;
    }
    return audio;
}

uint64_t podbot_audio_length(const podbot_audio * audio) { return audio->length; }

uint32_t podbot_audio_source_rate(const podbot_audio * audio) { return audio->source_rate; }

uint32_t podbot_audio_source_channels(const podbot_audio * audio) { return audio->source_channels; }

int64_t podbot_audio_read(podbot_audio * audio, float * out, uint64_t frames, char * error, size_t error_size) {
    ma_uint64 read = 0;
    ma_result result = ma_decoder_read_pcm_frames(&audio->decoder, out, frames, &read);
    if (result != MA_SUCCESS && result != MA_AT_END) {
        say(error, error_size, "cannot decode the audio", result);
        return -1;
    }
    return (int64_t) read;
}

int podbot_audio_seek(podbot_audio * audio, uint64_t frame, char * error, size_t error_size) {
    ma_result result = ma_decoder_seek_to_pcm_frame(&audio->decoder, frame);
    if (result != MA_SUCCESS) {
        say(error, error_size, "cannot seek in the audio", result);
        return -1;
    }
    return 0;
}

void podbot_audio_close(podbot_audio * audio) {
    if (audio) {
        ma_decoder_uninit(&audio->decoder);
        free(audio);
    }
}
