"""The order between plugins is written down (inmind/pipeline.py), never left to the order blinker calls receivers in."""

import blinker
import pytest
from conftest import ROOT, run_build

from inmind import pipeline


def _comparable(output):
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@pytest.fixture
def receivers_backwards(monkeypatch):
    """Every signal calls its receivers in the reverse of blinker's own order."""
    forwards = blinker.Signal.receivers_for

    def backwards(self, sender):
        return iter(list(forwards(self, sender))[::-1])

    monkeypatch.setattr(blinker.Signal, "receivers_for", backwards)


def _calls_in_order(signal_name):
    signal, heard = blinker.Signal(signal_name), []
    receivers = [lambda sender, n=n: heard.append(n) for n in range(5)]
    for receiver in receivers:
        signal.connect(receiver)
    signal.send(None)
    return heard


def test_the_reversal_really_reverses(receivers_backwards, monkeypatch):
    backwards = _calls_in_order("backwards")
    monkeypatch.undo()
    assert backwards == _calls_in_order("forwards")[::-1] and len(set(backwards)) == 5


@pytest.mark.slow
@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_receivers_in_reverse_order_build_the_same_bytes(tmp_path, monkeypatch, settings_file):
    fatal = settings_file == "publishconf.py"
    forwards = run_build(ROOT / "content", tmp_path / "forwards" / "output", settings_file, fatal)
    forwards_files = _comparable(forwards.output)
    original = blinker.Signal.receivers_for
    monkeypatch.setattr(blinker.Signal, "receivers_for", lambda self, sender: iter(list(original(self, sender))[::-1]))
    backwards = run_build(ROOT / "content", tmp_path / "backwards" / "output", settings_file, fatal)
    assert forwards.status == backwards.status == 0, forwards.messages + backwards.messages
    backwards_files = _comparable(backwards.output)
    different = sorted(set(forwards_files) ^ set(backwards_files))
    different += sorted(p for p in set(forwards_files) & set(backwards_files) if forwards_files[p] != backwards_files[p])
    assert not different, different[:20]


def test_steps_run_in_the_written_order_whatever_order_they_were_connected_in(receivers_backwards):
    from inmind.build import _disconnect_plugins

    _disconnect_plugins()  # an earlier build's plugins are still connected
    heard = []
    steps = {stage: (lambda content, stage=stage: heard.append(stage)) for stage in reversed(pipeline.CONTENT_STAGES)}
    for stage, step in steps.items():
        pipeline.connect("content", stage, step)
    try:
        from pelican import signals

        signals.content_object_init.send(object())
    finally:
        for stage, step in steps.items():
            blinker.signal(f"inmind.content.{stage}").disconnect(step)
    assert heard == list(pipeline.CONTENT_STAGES)


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="not a stage of content"):
        pipeline.connect("content", "tagging", print)
