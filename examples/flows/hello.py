"""The smallest flow: greets someone and says which deployment it runs as."""

import os

from prefect import flow, get_run_logger, task


@task
def greeting(name: str) -> str:
    return f"Hello, {name}!"


@flow(log_prints=True)
def hello_world(name: str = "world") -> str:
    """Say hello and print the DEPLOYMENT_NAME this run was started from.

    Args:
        name: who to greet.
    """
    message = greeting(name)
    deployment = os.environ.get("DEPLOYMENT_NAME", "<not deployed>")
    print(f"{message} DEPLOYMENT_NAME={deployment}")
    get_run_logger().info("deployment: %s", deployment)
    return message


if __name__ == "__main__":
    hello_world()
