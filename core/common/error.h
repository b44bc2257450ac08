// Typed exceptions for core. Library code throws; the CLI or a UI worker catches once at the
// top and turns the message into an exit code or a translated dialog. Never exit() in core.
#pragma once

#include <stdexcept>
#include <string>

namespace semcot {

// Base of every error core throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file is malformed or inconsistent (checkpoints, configs, datasets, tokenizers).
class FormatError : public Error {
public:
    using Error::Error;
};

// A caller asked for something impossible (bad argument, unknown option value).
class InvalidArgument : public Error {
public:
    using Error::Error;
};

// The operating system refused (file missing, unreadable, cannot write).
class IoError : public Error {
public:
    using Error::Error;
};

// The user or a callback asked a long job to stop.
class Cancelled : public Error {
public:
    using Error::Error;
};

// Runs `fn`; if it throws a semcot::Error, rethrows the same type with `context + ": "`
// prepended, so messages read like "loading models/x/tokenizer.model: bad magic".
template <typename Fn> auto with_context(const std::string& context, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const FormatError& e) {
        throw FormatError(context + ": " + e.what());
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(context + ": " + e.what());
    } catch (const IoError& e) {
        throw IoError(context + ": " + e.what());
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw Error(context + ": " + e.what());
    }
}

} // namespace semcot
