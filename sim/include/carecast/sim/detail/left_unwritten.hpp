// An allocator for buffers whose every element is written before it is read: growing
// one writes nothing, so its pages are first touched by whichever thread fills them.
#pragma once

#include <memory>
#include <new>
#include <utility>

namespace carecast::sim::detail {

template <class T> struct LeftUnwritten : std::allocator<T> {
    template <class U> struct rebind { using other = LeftUnwritten<U>; };
    LeftUnwritten() = default;
    template <class U> explicit LeftUnwritten(const LeftUnwritten<U>&) noexcept {}
    template <class U> void construct(U* where) noexcept {
        ::new (static_cast<void*>(where)) U; // default-initialised: nothing written
    }
    template <class U, class... Args> void construct(U* where, Args&&... args) {
        ::new (static_cast<void*>(where)) U(std::forward<Args>(args)...);
    }
};

} // namespace carecast::sim::detail
