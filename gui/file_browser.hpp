// File > Open and Save: a small browser over std::filesystem (ImGui has no file dialog
// of its own): the folder's subfolders and files of the kind asked for, a path to type,
// and the files opened or saved lately.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace carecast::gui {

// The last files opened or saved, newest first, kept between sessions in
// $XDG_CONFIG_HOME/carecast/recent-files (or ~/.config/...); a file that is gone is
// dropped when read.
class RecentFiles {
  public:
    RecentFiles();
    const std::vector<std::string>& files() const { return files_; }
    void add(const std::string& path);

  private:
    std::filesystem::path store_;
    std::vector<std::string> files_;
};

struct FileBrowser {
    std::array<char, 512> path{};
    std::filesystem::path folder = std::filesystem::current_path();
    std::string extension; // ".toml", ".csv", ".png"
    std::string error;     // a folder that cannot be listed
};

// Draws the modal popup `title` if it is open; true when the user chose a path (then in
// browser.path). `recent` lists the recent files to pick from (Open), or none.
bool file_modal(const char* title, FileBrowser& browser, const char* action,
                const RecentFiles* recent);

} // namespace carecast::gui
