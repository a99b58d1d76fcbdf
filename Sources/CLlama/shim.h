// llama.cpp's headers, reached through the `.deps/llama` link that scripts/bootstrap.sh creates.
#include "../../.deps/llama/include/llama.h"
#include "../../.deps/llama/include/gguf.h"
