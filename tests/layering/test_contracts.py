"""The layering contracts of `.importlinter` hold, and our own contract type really bites."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(config)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": f"{cwd}:{ROOT}", "PATH": "/usr/bin:/bin"},
    )


def test_every_layering_contract_of_the_project_is_kept():
    result = lint(ROOT / ".importlinter", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _write(root: Path, files: dict[str, str]) -> None:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body))


def test_public_surface_refuses_another_apps_internals_and_allows_its_public_face(tmp_path):
    _write(
        tmp_path,
        {
            "lower/__init__.py": "",
            "lower/models.py": "",
            "lower/views.py": "",
            "lower/demo.py": "",
            "higher/__init__.py": "",
            "higher/services.py": "import lower.models\n",
            "higher/admin.py": "import lower.views\n",
            "higher/demo.py": "import lower.demo\n",
            "higher/forms.py": "import lower.demo\n",
            ".importlinter": """
                [importlinter]
                root_packages =
                    lower
                    higher
                contract_types =
                    public_surface: tests.layering.contracts.PublicSurfaceContract

                [importlinter:contract:surface]
                name = surface
                type = public_surface
                apps =
                    lower
                    higher
                open =
                public =
                    models
                    demo
                restricted =
                    demo
            """,
        },
    )
    result = lint(tmp_path / ".importlinter", tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = {line.strip() for line in result.stdout.splitlines() if "->" in line}
    assert broken == {"higher.admin -> lower.views (l. 1)", "higher.forms -> lower.demo (l. 1)"}


def test_the_architecture_document_names_the_layers_the_contract_enforces():
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    text = " ".join((ROOT / "docs" / "architecture.md").read_text().split())
    assert ", ".join(f"`{layer.strip()}`" for layer in layers) in text
