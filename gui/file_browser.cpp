#include "file_browser.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace carecast::gui {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kRecent = 8;

fs::path recent_store() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config) {
        return fs::path(config) / "carecast" / "recent-files";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
        return fs::path(home) / ".config" / "carecast" / "recent-files";
    }
    return {};
}

void set_path(FileBrowser& b, const fs::path& path) {
    const std::string text = path.string();
    const std::size_t n = std::min(text.size(), b.path.size() - 1);
    std::copy_n(text.begin(), n, b.path.begin());
    b.path[n] = '\0';
}

// The folder's subfolders, then its files of the kind asked for, each sorted by name.
void list_folder(FileBrowser& b) {
    std::vector<fs::path> folders;
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(b.folder, error), end; !error && it != end;
         it.increment(error)) {
        const fs::path& p = it->path();
        if (p.filename().string().rfind('.', 0) == 0) {
            continue; // hidden
        }
        std::error_code kind;
        if (it->is_directory(kind)) {
            folders.push_back(p);
        } else if (p.extension() == b.extension) {
            files.push_back(p);
        }
    }
    b.error = error ? error.message() : std::string();
    std::sort(folders.begin(), folders.end());
    std::sort(files.begin(), files.end());
    ImGui::BeginChild("listing", ImVec2(560, 260), true);
    if (ImGui::Selectable("../")) {
        b.folder = b.folder.parent_path();
    }
    for (const auto& folder : folders) {
        if (ImGui::Selectable((folder.filename().string() + "/").c_str())) {
            b.folder = folder;
        }
    }
    for (const auto& file : files) {
        const bool chosen = std::string(b.path.data()) == file.string();
        if (ImGui::Selectable(file.filename().string().c_str(), chosen)) {
            set_path(b, file);
        }
    }
    ImGui::EndChild();
}

} // namespace

RecentFiles::RecentFiles() : store_(recent_store()) {
    std::ifstream in(store_);
    for (std::string line; std::getline(in, line) && files_.size() < kRecent;) {
        std::error_code error;
        if (!line.empty() && fs::exists(line, error)) {
            files_.push_back(line);
        }
    }
}

void RecentFiles::add(const std::string& path) {
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    const std::string entry = error ? path : absolute.lexically_normal().string();
    files_.erase(std::remove(files_.begin(), files_.end(), entry), files_.end());
    files_.insert(files_.begin(), entry);
    files_.resize(std::min(files_.size(), kRecent));
    if (store_.empty()) {
        return;
    }
    fs::create_directories(store_.parent_path(), error);
    std::ofstream out(store_, std::ios::trunc); // a list to help, never worth an error
    for (const auto& file : files_) {
        out << file << '\n';
    }
}

bool file_modal(const char* title, FileBrowser& b, const char* action, const RecentFiles* recent) {
    bool accepted = false;
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        return false;
    }
    ImGui::TextDisabled("%s", b.folder.string().c_str());
    list_folder(b);
    if (!b.error.empty()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "cannot list this folder: %s",
                           b.error.c_str());
    }
    if (recent != nullptr && !recent->files().empty()) {
        ImGui::TextUnformatted("Recent:");
        for (const auto& file : recent->files()) {
            if (ImGui::Selectable(file.c_str(), std::string(b.path.data()) == file)) {
                set_path(b, file);
            }
        }
    }
    ImGui::SetNextItemWidth(560);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f); // visible on the white popup
    // The path takes the keys as the dialog opens, and Enter acts: a path can be typed.
    if (ImGui::IsWindowAppearing()) {
        ImGui::SetKeyboardFocusHere();
    }
    const bool entered = ImGui::InputText("path", b.path.data(), b.path.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopStyleVar();
    if ((ImGui::Button(action) || entered) && b.path[0] != '\0') {
        accepted = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return accepted;
}

} // namespace carecast::gui
