"""Decoys the flow finder must not report.

An example in a docstring is not a flow:

    @flow
    def example(): ...
"""

from prefect import task

USAGE = "@flow\ndef not_a_flow_either(): ..."


@task
def normalise(value: str) -> str:
    # @flow in a comment is not a flow
    return value.strip().lower()


def flow(fn):
    """A local decorator that happens to be called `flow`."""
    return fn


@flow
def looks_like_a_flow() -> None:
    """Decorated with the local `flow` above, not Prefect's."""
