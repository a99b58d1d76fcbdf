// whisper.cpp's header (with the ggml headers beside it) and podbot's audio decoder, reached through the
// `.deps/whisper` link that scripts/bootstrap.sh creates, as CLlama reaches llama.cpp.
#include "../../.deps/whisper/include/whisper.h"
#include "../../.deps/whisper/include/podbot_audio.h"
