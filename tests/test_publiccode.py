"""publiccode.yml stays valid: the fields and values the standard (version 0.4) requires, and
what it says agrees with the project itself (version, licence, languages)."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# From the standard (https://yml.publiccode.tools/schema.core.html), the values we may use.
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE = {"internal", "contract", "community", "none"}
CATEGORIES = {
    "collaboration",
    "digital-citizenship",
    "document-management",
    "e-signature",
    "project-management",
    "survey",
    "knowledge-management",
    "workflow-management",
    "project-collaboration",
    "web-collaboration",
    "data-collection",
    "data-visualization",
}


def test_publiccode_yml_is_complete_and_agrees_with_the_project():
    code = yaml.safe_load((ROOT / "publiccode.yml").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    assert code["publiccodeYmlVersion"] == "0.4"
    for key in (
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in code, f"publiccode.yml lacks {key}"
    assert code["name"] == project["name"]
    assert code["softwareVersion"] == project["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", code["releaseDate"])
    assert code["url"].startswith("https://")
    assert code["developmentStatus"] in DEVELOPMENT_STATUS
    assert code["softwareType"] in SOFTWARE_TYPES
    assert set(code["categories"]) <= CATEGORIES, set(code["categories"]) - CATEGORIES
    assert code["legal"]["license"] == project["license"]

    assert code["maintenance"]["type"] in MAINTENANCE
    if code["maintenance"]["type"] in {"internal", "community"}:
        assert all(c["name"] for c in code["maintenance"]["contacts"])

    locale = ROOT / "src" / "rondetafel" / "locale"
    shipped = {"nl"} | {p.parent.parent.name for p in locale.glob("*/LC_MESSAGES/django.po")}
    assert code["localisation"]["localisationReady"] is True
    assert set(code["localisation"]["availableLanguages"]) == shipped | {"en"}

    assert set(code["description"]) == {"nl", "en"}  # Dutch first, English complete
    for language, text in code["description"].items():
        assert len(text["shortDescription"]) <= 150, language
        assert 150 <= len(text["longDescription"]) <= 10000, language
        assert text["features"] and all(len(f) <= 100 for f in text["features"]), language
