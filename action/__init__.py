"""The GitHub Action's code (``action.yml`` at the repository root runs :mod:`action.main`).

It is a thin surface over :class:`lineage_lint.engine.Engine`: it reads the workflow's inputs and the
event, chooses the configs to check, and sends the findings where reviewers look (annotations, the job
summary, a check run, a sticky pull request comment, SARIF) and the verdict to the step's exit status.
"""
