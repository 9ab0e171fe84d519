// Every file in tests/scenarios/bad/ says on its first lines the error it must get
// ("# expect: text") and, where it has one place, the line ("# line: N").
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

using namespace carecast;

TEST_CASE("bad scenarios are refused with file, line, key and what is allowed") {
    const auto folder = test::source_path("tests/scenarios/bad");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 15);

    model::LoadLimits limits;
    limits.max_agents = 100'000'000;
    limits.max_agents_reason = "test limit";
    for (const auto& path : files) {
        const std::string text = test::read_file(path.string());
        std::smatch expect;
        REQUIRE(std::regex_search(text, expect, std::regex("# expect: ([^\n]+)")));
        std::smatch line;
        const bool has_line = std::regex_search(text, line, std::regex("# line: ([0-9]+)"));

        const std::string name = path.filename().string();
        const auto result = model::parse_scenario(text, name, limits);
        INFO(name);
        REQUIRE_FALSE(result.ok());
        CHECK_FALSE(result.scenario.has_value());
        bool found = false;
        for (const auto& error : result.errors) {
            const std::string message = error.to_string();
            UNSCOPED_INFO(message);
            if (message.find(expect[1].str()) == std::string::npos) {
                continue;
            }
            found = true;
            CHECK(message.rfind(name + ":", 0) == 0);
            if (has_line) {
                CHECK(error.line == std::stoi(line[1].str()));
                CHECK(message.rfind(name + ":" + line[1].str() + ":", 0) == 0);
            }
        }
        CHECK(found);
    }
}

TEST_CASE("several problems are all reported at once") {
    const std::string text = R"(
[scenario]
name = "two problems"
[[roles]]
name = "care worker"
group = "direct care"
level = "front-line worker"
filled = 10
posts = 12
turnover = 2
supply_domestic = 1
colour = "blue"
)";
    const auto result = model::parse_scenario(text, "two.toml");
    REQUIRE(result.errors.size() == 2);
    CHECK(result.errors[0].key == "roles[0].colour");
    CHECK(result.errors[1].key == "roles[0].turnover");
}

TEST_CASE("a file that cannot be read is an error, not a crash") {
    const auto result = model::parse_scenario(std::string("\x00\xff\xfe", 3), "binary.toml");
    CHECK_FALSE(result.ok());
}

TEST_CASE("non-ASCII text is fine inside strings and comments") {
    std::string text = test::read_file(test::source_path("tests/scenarios/small.toml"));
    text.replace(text.find("small test workforce"), 20,
                 "Caf\xc3\xa9 \xc2\xa3 area 'quoted' \\\" ok");
    text = "# Budget \xc2\xa3"
           "50m, \xe2\x80\x9cquoted\xe2\x80\x9d\n" +
           text;
    const auto result = model::parse_scenario(text, "unicode.toml");
    for (const auto& error : result.errors) {
        UNSCOPED_INFO(error.to_string());
    }
    CHECK(result.ok());
}

TEST_CASE("an error in a table merged into the file it extends names its file, line and column") {
    const std::string child = "extends = \"small.toml\"\n"
                              "[[roles]]\n"
                              "name = \"care worker\"\n"
                              "  filed = 3\n";
    const model::ParentReader read_parent = [](const std::string& name, const std::string&) {
        return model::ParentScenario{test::read_file(test::source_path("tests/scenarios/" + name)),
                                     name, std::nullopt};
    };
    const auto result = model::parse_scenario(child, "child.toml", {}, read_parent);
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.errors.size() == 1);
    CAPTURE(result.errors[0].to_string());
    CHECK(result.errors[0].file == "child.toml");
    CHECK(result.errors[0].line == 4);
    CHECK(result.errors[0].column == 3);
    CHECK(result.errors[0].key == "roles[0].filed");
}
