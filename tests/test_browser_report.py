"""report.html in a real browser: headless Chromium renders it offline, every embedded plot decodes,
and the screenshot is kept as an artifact. Skips only where Chromium is not installed."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.app import run_pipeline
from pipeline.cli import PROJECT_ROOT
from tests.conftest import compose_config

CHROMIUM = next((found for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser")
                 if name and (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
WIDTH, HEIGHT = 1280, 2000
# Where the screenshot is kept for people and CI to look at (experiments/artifacts/ is not committed).
ARTIFACT_DIR = Path(os.environ.get("REPORT_SCREENSHOT_DIR", PROJECT_ROOT / "experiments" / "artifacts"))
# Decoding check injected into a copy of the report (the report itself has no script).
PROBE = ('<script>window.addEventListener("load", () => { const imgs = [...document.images];'
         ' document.body.setAttribute("data-images", imgs.length + ":" + imgs.filter(i => i.complete && i.naturalWidth > 0).length);'
         ' });</script></body>')


def chromium(profile: Path, *args) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    cfg = compose_config(["corpus.max_articles=4", "eval.n_splits=2", "model=complement_nb", "name=browser-test"], tmp)
    run_pipeline(cfg)
    # Alone in a folder: the browser can reach nothing but the page itself.
    page = tmp / "offline" / "report.html"
    page.parent.mkdir()
    shutil.copyfile(tmp / "run" / "report.html", page)
    return tmp, page


def test_chromium_renders_the_report_and_the_screenshot_is_kept(report):
    tmp, page = report
    shot = tmp / "report_screenshot.png"
    result = chromium(tmp / "profile", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, ARTIFACT_DIR / "report_screenshot.png")

    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        top = image.convert("RGB").crop((0, 0, WIDTH, 600))
        # A rendered page (headings, tables, text), not a blank or error screen.
        assert len(top.getcolors(maxcolors=1 << 20)) > 50


def test_every_embedded_plot_decodes_in_the_browser(report):
    tmp, page = report
    html = page.read_text(encoding="utf-8")
    n_plots = html.count('src="data:image/png;base64,')
    assert n_plots >= 6
    probe = page.with_name("probe.html")
    probe.write_text(html.replace("</body>", PROBE, 1), encoding="utf-8")
    result = chromium(tmp / "profile-dom", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert f'data-images="{n_plots}:{n_plots}"' in result.stdout
    assert "Top errors" in result.stdout and "Metrics against gold" in result.stdout
