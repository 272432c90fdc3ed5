"""The collector is paused inside the block and left as it was found after it."""
import gc

import pytest

from bench.cli import main
from bench.gc_paused import gc_paused


@pytest.fixture(autouse=True)
def restore_gc():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_restored_after_even_on_error():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()  # a caller that had paused it keeps it paused


def test_main_leaves_the_callers_collector_as_it_was(capsys):
    gc.enable()
    assert main(["tasks"]) == 0
    assert gc.isenabled()
    with pytest.raises(SystemExit):  # argparse's own exit, before the command runs
        main(["evaluate"])
    assert gc.isenabled()
    gc.disable()
    assert main(["tasks"]) == 0
    assert not gc.isenabled()
