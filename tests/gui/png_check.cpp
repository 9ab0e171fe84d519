// Checks screenshots for the GUI tests:
//   png_check FILE WIDTH HEIGHT           size matches and the picture is not blank
//   png_check --differ A B X0 Y0 X1 Y1    the region differs visibly between A and B
#include <stb_image.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

struct Image {
    int width = 0;
    int height = 0;
    std::unique_ptr<unsigned char, decltype(&stbi_image_free)> pixels{nullptr, stbi_image_free};
};

Image load(const char* path) {
    Image image;
    int channels = 0;
    image.pixels.reset(stbi_load(path, &image.width, &image.height, &channels, 3));
    if (!image.pixels) {
        std::fprintf(stderr, "cannot read %s as PNG\n", path);
        std::exit(1);
    }
    return image;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4) {
        const Image image = load(argv[1]);
        const int width = std::atoi(argv[2]);
        const int height = std::atoi(argv[3]);
        double sum = 0;
        double squares = 0;
        const std::size_t n = static_cast<std::size_t>(image.width) * image.height * 3;
        for (std::size_t i = 0; i < n; ++i) {
            sum += image.pixels.get()[i];
            squares += static_cast<double>(image.pixels.get()[i]) * image.pixels.get()[i];
        }
        const double mean = sum / static_cast<double>(n);
        const double variance = squares / static_cast<double>(n) - mean * mean;
        std::printf("%s: %dx%d, mean %.1f, variance %.1f\n", argv[1], image.width, image.height,
                    mean, variance);
        if (image.width != width || image.height != height) {
            std::fprintf(stderr, "expected %dx%d\n", width, height);
            return 1;
        }
        return variance > 100 ? 0 : 1; // a blank or one-colour window fails
    }
    if (argc == 8 && std::string(argv[1]) == "--differ") {
        const Image a = load(argv[2]);
        const Image b = load(argv[3]);
        const int x0 = std::atoi(argv[4]);
        const int y0 = std::atoi(argv[5]);
        const int x1 = std::atoi(argv[6]);
        const int y1 = std::atoi(argv[7]);
        if (a.width != b.width || a.height != b.height || x1 > a.width || y1 > a.height) {
            std::fprintf(stderr, "images or region do not match\n");
            return 1;
        }
        double changed = 0;
        for (int y = y0; y < y1; ++y) {
            for (int x = x0; x < x1; ++x) {
                const std::size_t i = (static_cast<std::size_t>(y) * a.width + x) * 3;
                int d = 0;
                for (int c = 0; c < 3; ++c) {
                    d += std::abs(a.pixels.get()[i + c] - b.pixels.get()[i + c]);
                }
                changed += d > 30 ? 1 : 0;
            }
        }
        const double share = changed / ((x1 - x0) * static_cast<double>(y1 - y0));
        std::printf("region (%d,%d)-(%d,%d): %.2f%% of pixels changed\n", x0, y0, x1, y1,
                    share * 100);
        return share > 0.002 ? 0 : 1;
    }
    std::fprintf(stderr, "usage: png_check FILE W H | png_check --differ A B X0 Y0 X1 Y1\n");
    return 2;
}
