#include "tokenizer/text_streamer.h"

namespace semcot {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

bool ends_with_replacement(const std::string& s) {
    return s.size() >= 3 && s.compare(s.size() - 3, 3, kReplacement) == 0;
}

} // namespace

std::string TextStreamer::decode(std::size_t begin, std::size_t end) const {
    return tok_.decode(std::vector<int>(ids_.begin() + long(begin), ids_.begin() + long(end)));
}

std::string TextStreamer::push(int id) {
    if (id < 0 || id >= tok_.vocab_size()) return {}; // no token: nothing to render
    ids_.push_back(id);
    return step(false);
}

std::string TextStreamer::finish() {
    return step(true);
}

std::string TextStreamer::step(bool final) {
    if (read_ == ids_.size()) return {};
    const std::string before = decode(prefix_, read_);
    const std::string now = decode(prefix_, ids_.size());
    if (!final && (now.size() <= before.size() || ends_with_replacement(now))) return {};
    // As DecodeStream: the window's text extends the prefix's, so its tail is the new text.
    std::string add = now.size() > before.size() ? now.substr(before.size()) : std::string();
    emitted_ += add;
    prefix_ = read_;
    read_ = ids_.size();
    return add;
}

} // namespace semcot
