#include "window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <carecast/batch/output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace carecast::gui {

Window::Window(int width, int height, const char* title) {
    glfwSetErrorCallback(
        [](int code, const char* text) { fmt::print(stderr, "GLFW error {}: {}\n", code, text); });
    if (glfwInit() == 0) {
        throw std::runtime_error("cannot start GLFW (no display? run under xvfb-run -a)");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (window_ == nullptr) {
        glfwTerminate();
        throw std::runtime_error("cannot open an OpenGL 3.3 window");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // the layout is the program's, not a file's
    ImGui::StyleColorsLight();
    ImGui::GetStyle().WindowRounding = 0;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    base_style_ = new ImGuiStyle(ImGui::GetStyle());
}

namespace {

// DejaVu Sans from Debian's fonts-dejavu-core; ImGui's own font where it is missing.
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kFontPixels = 15.0f;

} // namespace

float Window::default_ui_scale() const {
    // The desktop's own scale, and larger text on tall screens (2560x1440 and up).
    float x = 1;
    float y = 1;
    glfwGetWindowContentScale(window_, &x, &y);
    const float screen = height() >= 1300 ? 1.3f : 1.0f;
    return std::clamp(std::max(1.0f, y) * screen, 0.75f, 3.0f);
}

void Window::set_ui_scale(float scale) {
    scale = std::clamp(scale, 0.75f, 3.0f);
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    if (std::FILE* file = std::fopen(kFontPath, "rb")) {
        std::fclose(file);
        io.Fonts->AddFontFromFileTTF(kFontPath, std::round(kFontPixels * scale));
    } else {
        ImFontConfig config;
        config.SizePixels = std::round(13.0f * scale);
        io.Fonts->AddFontDefault(&config);
    }
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ImGui::GetStyle() = *base_style_;
    ImGui::GetStyle().ScaleAllSizes(scale);
    ui_scale_ = scale;
}

Window::~Window() {
    delete base_style_;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_) != 0;
}

int Window::width() const {
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return w;
}

int Window::height() const {
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return h;
}

void Window::begin_frame(double wait_seconds) {
    // Waiting for input (or the timeout) instead of spinning keeps an idle window near
    // zero CPU where vsync is not honoured (Xvfb, remote desktops).
    if (wait_seconds == kUntilInput) {
        glfwWaitEvents();
    } else if (wait_seconds > 0) {
        glfwWaitEventsTimeout(wait_seconds);
    } else {
        glfwPollEvents();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void Window::render() {
    ImGui::Render();
    glViewport(0, 0, width(), height());
    glClearColor(0.94f, 0.95f, 0.96f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::present() {
    glfwSwapBuffers(window_);
}

bool Window::save_png(const std::string& path) const {
    const int w = width();
    const int h = height();
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    // Encoded in memory, then written like every other output: an exclusive, no-follow
    // temporary renamed into place.
    std::string png;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
    };
    if (stbi_write_png_to_func(append, &png, w, h, 4, pixels.data(), w * 4) == 0) {
        return false;
    }
    try {
        batch::write_atomically(path, png);
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

} // namespace carecast::gui
