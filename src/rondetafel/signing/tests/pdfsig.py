"""poppler's `pdfsig` as a second opinion in the signing tests."""

import subprocess

from conftest import require_command


def pdfsig_verdicts(pdf: bytes, tmp_path) -> dict[str, str]:
    """pdfsig's "Signature Validation" line per field: the signature's own digest and signature
    (it has no trust in our CA and cannot check document timestamps)."""
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [require_command("pdfsig", "poppler-utils"), str(path)], capture_output=True, text=True
    ).stdout
    verdicts, field = {}, None
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("- Signature Field Name:"):
            field = line.split(":", 1)[1].strip()
        elif line.startswith("- Signature Validation:") and field:
            verdicts[field] = line.split(":", 1)[1].strip()
    return verdicts
