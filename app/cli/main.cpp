#include "engine/model.h"
int main() { semcot::ModelConfig c; semcot::LlamaModel m(c); return 0; }
