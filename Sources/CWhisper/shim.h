// whisper.cpp's header (with the ggml headers beside it) and podbot's audio decoder, from the install that
// scripts/bootstrap.sh names in .deps/pkgconfig/podbot-native.pc, as CLlama finds llama.cpp.
#if !__has_include(<whisper.h>)
#error "whisper.h not found: run `make bootstrap`, then `export PKG_CONFIG_PATH=$PWD/.deps/pkgconfig` before swift build"
#endif
#include <whisper.h>
#include <podbot_audio.h>
