#include "analysis/sweep_export.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>

#include "analysis/sweep_analysis.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/sweep_spec.hpp"
#include "sim/io/atomic_file.hpp"

namespace omnisim {
namespace {

// Shortest text that reads back as the same double; "nan" for NaN.
std::string plain_number(double value) {
  if (std::isnan(value)) return "nan";
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

// A JSON string.
std::string json_string(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

std::string file_safe(std::string name) {
  for (char& c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) c = '_';
  }
  return name;
}

}  // namespace

void write_tidy_csv(const SweepData& data, const std::filesystem::path& path, bool force) {
  const SweepLayout& layout = data.layout;
  const std::size_t k = layout.parameters.size();
  const auto replications = static_cast<std::size_t>(layout.replications);
  const std::size_t n_kpis = layout.kpis.size();
  write_atomically(path, force, [&](std::ostream& out) {
    out << "point,replication,strategy,seed";
    for (const auto& name : layout.parameters)
      out << ',' << field(name);
    for (const auto& name : layout.kpis)
      out << ',' << field(name);
    out << '\n';
    for (std::size_t i = 0; i < data.points_done.size(); ++i) {
      const std::size_t point = data.points_done[i];
      for (std::size_t s = 0; s < layout.strategies.size(); ++s) {
        for (std::size_t r = 0; r < replications; ++r) {
          out << point << ',' << r << ',' << field(layout.strategies[s]) << ',' << layout.seed;
          for (std::size_t p = 0; p < k; ++p)
            out << ',' << plain_number(layout.value[point * k + p]);
          for (std::size_t kpi = 0; kpi < n_kpis; ++kpi)
            out << ',' << plain_number(data.values[i][(s * replications + r) * n_kpis + kpi]);
          out << '\n';
        }
      }
    }
  });
}

void write_sensitivity_layouts(const SweepData& data, const std::filesystem::path& directory,
                               bool force) {
  const SweepLayout& layout = data.layout;
  const std::size_t k = layout.parameters.size();
  std::filesystem::create_directories(directory);
  write_atomically(directory / "problem.json", force, [&](std::ostream& out) {
    out << "{\"num_vars\": " << k << ", \"names\": [";
    for (std::size_t p = 0; p < k; ++p)
      out << (p ? ", " : "") << json_string(layout.parameters[p]);
    // The declared ranges, not the sample's: SALib samples from them.
    const std::vector<SweepParameter> declared =
        declared_parameters(layout.sweep_text, "the sweep file's text");
    std::string bounds, dists;
    for (std::size_t p = 0; p < k; ++p) {
      const ParameterRange& range = declared.at(p).range;
      using Distribution = ParameterRange::Distribution;
      double low = range.low, high = range.high;
      std::string dist = "unif";
      switch (range.distribution) {
        case Distribution::kUniform:
        case Distribution::kInteger:
          break;
        case Distribution::kLogUniform:
          dist = "logunif";
          break;
        case Distribution::kNormal:  // SALib's norm takes [mean, standard deviation]
          dist = "norm";
          low = range.mean;
          high = range.sd;
          break;
        case Distribution::kLevels:  // the level's index, as X.txt holds it
          low = 0.0;
          high = static_cast<double>(range.levels.size() - 1);
          break;
      }
      bounds +=
          std::string(p ? ", " : "") + '[' + plain_number(low) + ", " + plain_number(high) + ']';
      dists += std::string(p ? ", " : "") + json_string(dist);
    }
    out << "], \"bounds\": [" << bounds << "], \"dists\": [" << dists << "]}\n";
  });
  write_atomically(directory / "X.txt", force, [&](std::ostream& out) {
    for (std::size_t point = 0; point < layout.points; ++point) {
      for (std::size_t p = 0; p < k; ++p)
        out << (p ? " " : "") << plain_number(layout.value[point * k + p]);
      out << '\n';
    }
  });
  std::vector<SweepOutput> outputs;
  for (const auto& kpi : layout.kpis) {
    for (const auto& strategy : layout.strategies)
      outputs.push_back({kpi, strategy, ""});
    if (layout.strategies.size() >= 2)
      outputs.push_back({kpi, layout.strategies[0], layout.strategies[1]});
  }
  for (const auto& output : outputs) {
    const std::string name = "Y_" + output.kpi + "_" + output.strategy +
                             (output.minus.empty() ? "" : "_minus_" + output.minus);
    const std::vector<double> y = point_outputs(data, output);
    write_atomically(directory / (file_safe(name) + ".txt"), force, [&](std::ostream& out) {
      for (const double value : y)
        out << plain_number(value) << '\n';
    });
  }
  // EMA Workbench: one experiment per point and strategy (its policy).
  const auto replications = static_cast<std::size_t>(layout.replications);
  const std::size_t n_kpis = layout.kpis.size();
  write_atomically(directory / "experiments.csv", force, [&](std::ostream& out) {
    for (const auto& name : layout.parameters)
      out << field(name) << ',';
    out << "scenario,policy,model\n";
    for (const std::size_t point : data.points_done) {
      for (const auto& strategy : layout.strategies) {
        for (std::size_t p = 0; p < k; ++p)
          out << plain_number(layout.value[point * k + p]) << ',';
        out << point << ',' << field(strategy) << ",omnisim\n";
      }
    }
  });
  write_atomically(directory / "outcomes.csv", force, [&](std::ostream& out) {
    for (std::size_t kpi = 0; kpi < n_kpis; ++kpi)
      out << (kpi ? "," : "") << field(layout.kpis[kpi]);
    out << '\n';
    for (std::size_t i = 0; i < data.points_done.size(); ++i) {
      for (std::size_t s = 0; s < layout.strategies.size(); ++s) {
        for (std::size_t kpi = 0; kpi < n_kpis; ++kpi) {
          double sum = 0.0;
          for (std::size_t r = 0; r < replications; ++r)
            sum += data.values[i][(s * replications + r) * n_kpis + kpi];
          out << (kpi ? "," : "") << plain_number(sum / static_cast<double>(replications));
        }
        out << '\n';
      }
    }
  });
}

}  // namespace omnisim
