#pragma once
// Values packed into bytes and read back in the same order: the messages
// between the ranks of one job (sim/core/communicator.hpp), in this machine's
// representation (the ranks of one job run the same binary).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/core/error.hpp"

namespace omnisim {

using Bytes = std::vector<std::byte>;

class ByteWriter {
 public:
  template <class T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* first = reinterpret_cast<const std::byte*>(&value);
    bytes_.insert(bytes_.end(), first, first + sizeof(T));
  }
  template <class T>
  void put_span(std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(values.size());
    const auto* first = reinterpret_cast<const std::byte*>(values.data());
    bytes_.insert(bytes_.end(), first, first + values.size_bytes());
  }
  void put_string(const std::string& text) { put_span(std::span<const char>(text)); }
  Bytes& bytes() { return bytes_; }
  void clear() { bytes_.clear(); }

 private:
  Bytes bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    return value;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto count = get<std::uint64_t>();
    if (count > bytes_.size() / sizeof(T))
      throw ModelError("message: a list longer than the message");
    std::vector<T> values(count);
    if (count > 0) std::memcpy(values.data(), take(count * sizeof(T)).data(), count * sizeof(T));
    return values;
  }
  std::string get_string() {
    const auto characters = get_vector<char>();
    return {characters.begin(), characters.end()};
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::span<const std::byte> take(std::size_t count) {
    if (count > bytes_.size()) throw ModelError("message: shorter than its contents say");
    const auto taken = bytes_.first(count);
    bytes_ = bytes_.subspan(count);
    return taken;
  }
  std::span<const std::byte> bytes_;
};

}  // namespace omnisim
