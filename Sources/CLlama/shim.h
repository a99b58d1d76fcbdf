// llama.cpp's headers, from the install that scripts/bootstrap.sh names in .deps/pkgconfig/podbot-native.pc.
#if !__has_include(<llama.h>)
#error "llama.h not found: run `make bootstrap`, then `export PKG_CONFIG_PATH=$PWD/.deps/pkgconfig` before swift build"
#endif
#include <llama.h>
#include <gguf.h>
