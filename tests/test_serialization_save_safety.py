"""minigrad.save never damages what is at the path: symlinks are written through, modes kept,
non-regular files refused before anything is written, data synced before the rename, and
every error names the path the user gave. Each behaviour is compared with torch.save."""
import errno
import os
import stat

import pytest
import torch

import minigrad
from minigrad.serialization import SaveError


def state():
    return {"w": minigrad.arange(4.0), "step": 3}


def listing(folder):
    return sorted(os.listdir(folder))


@pytest.fixture
def no_rename(monkeypatch):
    """Fail the test, rather than replace anything, if save gets as far as a rename."""
    def refuse(src, dst):
        raise AssertionError(f"save renamed {src} onto {dst}")
    monkeypatch.setattr(os, "replace", refuse)


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_through_a_symlink_updates_its_target_and_keeps_the_link(tmp_path, lib):
    (tmp_path / "run1.pt").write_bytes(b"old")
    os.symlink("run1.pt", tmp_path / "latest.pt")
    lib.save(lib.ones(3), tmp_path / "latest.pt")
    assert os.path.islink(tmp_path / "latest.pt") and os.readlink(tmp_path / "latest.pt") == "run1.pt"
    assert (tmp_path / "run1.pt").read_bytes() != b"old"
    if lib is minigrad:
        assert minigrad.load(tmp_path / "run1.pt").tolist() == [1.0, 1.0, 1.0]


def test_save_through_a_symlink_to_another_folder_writes_its_temporary_file_there(tmp_path, monkeypatch):
    (tmp_path / "runs").mkdir()
    (tmp_path / "links").mkdir()
    os.symlink("../runs/run1.pt", tmp_path / "links" / "latest.pt")
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renames.append((src, dst)), real_replace(src, dst)))
    minigrad.save(state(), tmp_path / "links" / "latest.pt")
    (src, dst), = renames
    assert os.path.dirname(src) == os.path.dirname(dst) == os.path.realpath(tmp_path / "runs")
    assert minigrad.load(tmp_path / "runs" / "run1.pt")["step"] == 3
    assert os.path.islink(tmp_path / "links" / "latest.pt")


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_through_a_dangling_symlink_creates_its_target(tmp_path, lib):
    os.symlink("missing.pt", tmp_path / "latest.pt")
    lib.save(lib.ones(1), tmp_path / "latest.pt")
    assert os.path.islink(tmp_path / "latest.pt") and (tmp_path / "missing.pt").is_file()


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_keeps_an_existing_files_permission_bits(tmp_path, lib):
    path = tmp_path / "ck.pt"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    lib.save(lib.ones(1), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_creates_a_new_file_with_the_umask_mode(tmp_path, lib):
    old = os.umask(0o027)
    try:
        lib.save(lib.ones(1), tmp_path / "new.pt")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pt").st_mode) == 0o640


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_into_a_missing_folder_raises_naming_the_users_path(tmp_path, lib):
    with pytest.raises(RuntimeError, match="nodir"):
        lib.save(lib.ones(1), tmp_path / "nodir" / "ck.pt")


def test_save_into_a_missing_folder_is_an_oserror_naming_the_path_not_a_temporary_file(tmp_path):
    target = tmp_path / "nodir" / "ck.pt"
    with pytest.raises(OSError) as info:
        minigrad.save(state(), target)
    assert info.value.errno == errno.ENOENT and info.value.filename == target
    assert ".tmp" not in str(info.value) and "does not exist" in str(info.value)


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_onto_a_directory_raises_runtime_error(tmp_path, lib):
    (tmp_path / "d").mkdir()
    with pytest.raises(RuntimeError):
        lib.save(lib.ones(1), tmp_path / "d")
    assert (tmp_path / "d").is_dir() and listing(tmp_path / "d") == []


@pytest.mark.parametrize("lib", [minigrad, torch])
@pytest.mark.parametrize("ending", ["/", "/."])
def test_save_to_a_path_ending_in_a_folder_raises_and_keeps_the_file_of_that_name(tmp_path, lib, ending):
    (tmp_path / "ck.pt").write_bytes(b"old")
    with pytest.raises(RuntimeError):
        lib.save(lib.ones(1), str(tmp_path / "ck.pt") + ending)
    assert (tmp_path / "ck.pt").read_bytes() == b"old" and listing(tmp_path) == ["ck.pt"]


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_to_a_missing_path_ending_in_a_separator_raises_and_creates_nothing(tmp_path, lib):
    with pytest.raises(RuntimeError):
        lib.save(lib.ones(1), str(tmp_path / "new.pt") + os.sep)
    assert listing(tmp_path) == []


def test_save_onto_a_directory_is_an_is_a_directory_oserror_and_writes_nothing(tmp_path, no_rename):
    (tmp_path / "d").mkdir()
    with pytest.raises(SaveError, match="directory") as info:
        minigrad.save(state(), tmp_path / "d")
    assert info.value.errno == errno.EISDIR and info.value.filename == tmp_path / "d"
    assert listing(tmp_path) == ["d"]


def test_save_refuses_a_fifo_before_writing_anything(tmp_path, no_rename):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(SaveError, match="FIFO"):
        minigrad.save(state(), tmp_path / "pipe")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode) and listing(tmp_path) == ["pipe"]


def _device_node(tmp_path, name, major, minor):
    """A character device node like /dev/null in tmp_path (so no test ever aims at the real one)."""
    try:
        os.mknod(tmp_path / name, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here ({exc})")
    return tmp_path / name


@pytest.mark.parametrize("name, major, minor", [("null", 1, 3), ("full", 1, 7)])
def test_save_refuses_a_character_device_and_leaves_the_node(tmp_path, no_rename, name, major, minor):
    node = _device_node(tmp_path, name, major, minor)
    with pytest.raises(SaveError, match="character device") as info:
        minigrad.save(state(), node)
    assert info.value.filename == node
    st = os.lstat(node)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(major, minor)
    assert listing(tmp_path) == [name]


def test_save_through_a_symlink_to_a_device_refuses_and_keeps_both(tmp_path, no_rename):
    node = _device_node(tmp_path, "null", 1, 3)
    os.symlink(node, tmp_path / "latest.pt")
    with pytest.raises(SaveError, match="character device"):
        minigrad.save(state(), tmp_path / "latest.pt")
    assert os.path.islink(tmp_path / "latest.pt") and stat.S_ISCHR(os.lstat(node).st_mode)


def test_save_to_a_device_through_a_file_object_is_allowed(tmp_path):
    node = _device_node(tmp_path, "null", 1, 3)
    with open(node, "wb") as fh:
        minigrad.save(state(), fh)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.parametrize("lib", [minigrad, torch])
def test_save_onto_a_symlink_loop_raises_runtime_error_naming_the_path(tmp_path, lib):
    os.symlink("loop.pt", tmp_path / "loop.pt")
    with pytest.raises(RuntimeError, match="symbolic links"):
        lib.save(lib.ones(1), tmp_path / "loop.pt")


def test_save_syncs_the_data_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        mode = os.fstat(fd).st_mode
        events.append("fsync dir" if stat.S_ISDIR(mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    minigrad.save(state(), tmp_path / "ck.pt")
    assert events == ["fsync file", "rename", "fsync dir"]


def test_a_save_that_fails_while_writing_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    import safetensors.numpy
    path = tmp_path / "ck.pt"
    minigrad.save(state(), path)
    before = path.read_bytes()

    def half_written(arrays, filename, metadata=None):
        with open(filename, "wb") as fh:
            fh.write(b"\0" * 10)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(safetensors.numpy, "save_file", half_written)
    with pytest.raises(SaveError, match="No space left") as info:
        minigrad.save({"w": minigrad.zeros(4)}, path)
    assert info.value.errno == errno.ENOSPC and info.value.filename == path
    assert path.read_bytes() == before and listing(tmp_path) == ["ck.pt"]


def test_save_errors_are_oserrors_and_runtime_errors():
    assert issubclass(SaveError, OSError) and issubclass(SaveError, RuntimeError)
