"""Under nektos/act (``action.yml`` as GitHub runs it, against the fake API): the sticky comment shows each
changed config's lineage diff. Reuses the workflow fixtures of ``test_action_workflow`` (slow: act installs
the package from PyPI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fake_github import FakeGitHub
from test_action_workflow import TOKEN, Pr, act, cache, event_file, fake, pr, requires_act

__all__ = ["cache", "fake", "pr"]  # fixtures, used by name


@requires_act
@pytest.mark.slow
def test_under_act_the_comment_shows_the_lineage_diff(pr: Pr, fake: FakeGitHub, cache: Path) -> None:
    run = act(pr, fake, event_file(fake, pr), TOKEN, cache)
    assert run.code != 0, run.log[-4000:]  # bad.yaml still blocks
    [comment] = fake.comments_on(7)
    body = comment["body"]
    assert "### Lineage changes" in body, body
    assert "| configs/good.yaml | seed changed; data and composition are the same | seed 1234 → 4321 |" in body
    assert "| configs/bad.yaml | new config: configs/bad.yaml |" in body
    markdown = next(s for s in run.summaries if "lineage-lint" in s)
    assert "seed 1234 → 4321" in markdown
