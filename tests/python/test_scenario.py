"""omnisim.Scenario: the built-in scenario or a file, overrides validated at
once with the CLI's messages, and the InputError that carries where."""

import omnisim
import pytest


def test_builtin_scenario_names_its_strategies_and_takes_overrides_in_order():
    s = omnisim.Scenario()
    assert "omnichannel" in s.strategies and "multichannel" in s.strategies
    assert s.path is None
    assert s.set("simulation.customers", 1234) is s  # chains
    s.set("simulation.replications", 2).set("mechanisms.habit.enabled", False)
    assert s.overrides == ["simulation.customers=1234", "simulation.replications=2",
                           "mechanisms.habit.enabled=false"]
    settings = s.settings()
    assert settings["simulation.customers"] == "1234"
    assert settings["mechanisms.habit.enabled"] == "false"
    assert "customers = 1234" in s.toml()


def test_python_values_become_toml():
    from omnisim import _omnisim
    assert _omnisim.toml_value(True, "k") == "true"
    assert _omnisim.toml_value(0.1, "k") == "0.1"
    assert _omnisim.toml_value(3, "k") == "3"
    assert _omnisim.toml_value('say "hi"', "k") == '"say \\"hi\\""'
    assert _omnisim.toml_value(["a", 1.5], "k") == '["a", 1.5]'
    with pytest.raises(omnisim.InputError, match="expected a bool, number, string or list"):
        _omnisim.toml_value({"a": 1}, "k")


def test_a_bad_override_raises_the_clis_message_and_changes_nothing(cli):
    s = omnisim.Scenario().set("simulation.customers", 500)
    with pytest.raises(omnisim.InputError) as raised:
        s.set("simulation.customers", -3)
    error = raised.value
    assert isinstance(error, ValueError)
    expected = cli("run", "--set", "simulation.customers=-3", "--no-out", check=False)
    assert expected.returncode == 2
    assert expected.stderr.strip() == f"omnisim: error: {error}"
    assert error.key == "simulation.customers"
    assert error.file is None and error.line is None
    assert error.problems == [str(error)]
    assert s.overrides == ["simulation.customers=500"]  # the refused one is not kept


def test_an_error_in_a_file_carries_file_line_column_and_key(tmp_path, cli):
    path = tmp_path / "bad.toml"
    lines = omnisim.Scenario().toml().splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith("[simulation]")) + 2
    lines.insert(line - 1, "customer = 5")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(omnisim.InputError) as raised:
        omnisim.Scenario(path)
    error = raised.value
    assert (error.file, error.line, error.column, error.key) == (str(path), line, 1,
                                                                 "simulation.customer")
    assert 'did you mean "customers"' in str(error)
    expected = cli("validate", path, check=False)
    assert expected.stderr.strip() == f"omnisim: error: {error}"


def test_a_missing_file_is_named():
    with pytest.raises((omnisim.InputError, omnisim.IoError), match="no-such.toml"):
        omnisim.Scenario("no-such.toml")


def test_functions_take_a_path_a_scenario_or_nothing_and_apply_changes_last(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(omnisim.Scenario().set("simulation.customers", 999).toml())
    from omnisim._runs import scenario_of
    s = scenario_of(path, set={"simulation.seed": 7}, customers=300)
    assert s.settings()["simulation.customers"] == "300"
    assert s.settings()["simulation.seed"] == "7"
    original = omnisim.Scenario()
    scenario_of(original, customers=300)
    assert original.overrides == []  # copied, not changed
    with pytest.raises(TypeError, match="scenario: expected"):
        scenario_of(42)
