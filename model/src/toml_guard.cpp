#include "toml_guard.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace carecast::model::detail {
namespace {

// toml++ 3.3.0 reaches an "unreachable" branch when it tests some non-ASCII
// characters for whitespace, which it does in many places while reporting syntax
// errors (found by fuzzing). Rather than follow its tokenizer, a line that holds
// non-ASCII bytes must have one of two plain shapes that parse without touching that
// code: a comment (alone, or after ASCII code without quotes), or `key = "text"` /
// `key = ["text", 'text']` with an optional trailing comment. Everything else with non-ASCII bytes
// is refused.

bool is_ascii(std::string_view s) {
    for (unsigned char c : s) {
        if (c >= 0x80) {
            return false;
        }
    }
    return true;
}

struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }
    void blanks() {
        while (!done() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) {
            ++i;
        }
    }
};

bool bare_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

// A one-line basic or literal string; basic escapes must be ASCII.
bool string(Cursor& c) {
    const char quote = c.peek();
    if (quote != '"' && quote != '\'') {
        return false;
    }
    ++c.i;
    while (!c.done()) {
        const char ch = c.s[c.i];
        if (ch == quote) {
            ++c.i;
            return true;
        }
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') {
            return false;
        }
        if (quote == '"' && ch == '\\') {
            if (c.i + 1 >= c.s.size() || static_cast<unsigned char>(c.s[c.i + 1]) >= 0x80) {
                return false;
            }
            c.i += 2;
            continue;
        }
        ++c.i;
    }
    return false;
}

bool comment_or_end(Cursor& c) {
    c.blanks();
    return c.done() || c.peek() == '#';
}

bool plain_line(std::string_view line) {
    // Non-ASCII only in a comment after plain ASCII (no quotes that could hide the #).
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
        const std::string_view code = line.substr(0, hash);
        if (is_ascii(code) && code.find_first_of("\"'") == std::string_view::npos) {
            return true;
        }
    }
    Cursor c{line};
    c.blanks();
    if (c.done() || c.peek() == '#') {
        return true; // a comment line
    }
    const std::size_t key_start = c.i;
    while (!c.done() && bare_key_char(c.peek())) {
        ++c.i;
    }
    if (c.i == key_start) {
        return false;
    }
    c.blanks();
    if (c.peek() != '=') {
        return false;
    }
    ++c.i;
    c.blanks();
    if (c.peek() != '[') {
        return string(c) && comment_or_end(c);
    }
    ++c.i;
    c.blanks();
    if (c.peek() == ']') {
        ++c.i;
        return comment_or_end(c);
    }
    while (true) {
        c.blanks();
        if (!string(c)) {
            return false;
        }
        c.blanks();
        if (c.peek() == ',') {
            ++c.i;
            c.blanks();
            if (c.peek() == ']') {
                ++c.i;
                return comment_or_end(c);
            }
            continue;
        }
        if (c.peek() == ']') {
            ++c.i;
            return comment_or_end(c);
        }
        return false;
    }
}

} // namespace

std::optional<ScenarioError> non_ascii_outside_strings(std::string_view text,
                                                       const std::string& source) {
    if (is_ascii(text)) {
        return std::nullopt;
    }
    // Line by line is sound only while no string spans lines.
    for (const char* triple : {"\"\"\"", "\'\'\'"}) {
        if (const auto at = text.find(triple); at != std::string_view::npos) {
            const std::string_view before = text.substr(0, at);
            const auto line = 1 + std::count(before.begin(), before.end(), '\n');
            const auto line_start = before.rfind('\n');
            const auto column =
                at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
            return ScenarioError{source, static_cast<int>(line), static_cast<int>(column),
                                 "(syntax)",
                                 "a multi-line string in a file with non-ASCII text; allowed: "
                                 "one or the other (write the string on one line)"};
        }
    }
    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        ++line_number;
        if (!is_ascii(line) && !plain_line(line)) {
            std::size_t column = 0;
            while (static_cast<unsigned char>(line[column]) < 0x80) {
                ++column;
            }
            return ScenarioError{source, line_number, static_cast<int>(column + 1), "(syntax)",
                                 "a non-ASCII character outside a string or comment, or in a "
                                 "line carecast cannot check safely; allowed: non-ASCII text "
                                 "only in comments and in one-line quoted strings of "
                                 "key = \"...\" or key = [\"...\", ...] lines"};
        }
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace carecast::model::detail
