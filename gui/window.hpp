// The window layer: GLFW + OpenGL 3 + the Dear ImGui backends, and PNG capture.
#pragma once

#include <string>

struct GLFWwindow;
struct ImGuiStyle;

namespace carecast::gui {

class Window {
  public:
    Window(int width, int height, const char* title); // throws std::runtime_error
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    bool should_close() const;
    // Takes input: at once (0), waiting up to `wait_seconds` for some, or until there is
    // some (kUntilInput).
    static constexpr double kUntilInput = -1;
    void begin_frame(double wait_seconds = 0);
    void render(); // draws ImGui's frame into the back buffer
    void present();
    // Saves what the back buffer holds (call between render() and present()).
    bool save_png(const std::string& path) const;
    int width() const;
    int height() const;
    // Text and spacing: DejaVu Sans at this multiple of 15 pixels (call between frames).
    void set_ui_scale(float scale);
    float ui_scale() const { return ui_scale_; }
    float default_ui_scale() const;

  private:
    GLFWwindow* window_ = nullptr;
    ImGuiStyle* base_style_ = nullptr; // the unscaled style, scaled afresh on each change
    float ui_scale_ = 1;
};

} // namespace carecast::gui
