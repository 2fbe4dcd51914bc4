#pragma once
// A std::vector handed to NumPy without a copy: the array's base is a
// capsule that owns the vector and frees it with the array.

#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace omnisim::python {

template <typename T>
pybind11::array_t<T> numpy_owned(std::vector<T>&& values, std::vector<pybind11::ssize_t> shape) {
  pybind11::ssize_t size = 1;
  for (const pybind11::ssize_t extent : shape)
    size *= extent;
  if (size != static_cast<pybind11::ssize_t>(values.size())) {
    throw std::logic_error("numpy_owned: the shape does not hold the values");
  }
  auto* owned = new std::vector<T>(std::move(values));
  pybind11::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>(std::move(shape), owned->data(), owner);
}

template <typename T>
pybind11::array_t<T> numpy_owned(std::vector<T>&& values) {
  const auto n = static_cast<pybind11::ssize_t>(values.size());
  return numpy_owned(std::move(values), {n});
}

}  // namespace omnisim::python
