"""Python client of glassboxd, the responsible-AI analysis daemon.

    import glassbox
    client = glassbox.Client()               # GLASSBOX_ADDRESS, GLASSBOX_TOKEN[_FILE], GLASSBOX_TLS_CA
    dataset = client.upload_dataframe(frame, "adult test")
    run = client.create_run(dataset, "income", analyses=["model_overview", ("fairness", {...})], ...)
    run.watch()
    run.metrics(); run.table("Disparities by sex"); run.save_scorecard("card.pdf", config)
"""

from glassbox.client import Client
from glassbox.errors import GlassboxError
from glassbox.insight import Insight
from glassbox.run import Run
from glassbox.scorecard import Scorecard

__all__ = ["Client", "GlassboxError", "Insight", "Run", "Scorecard"]
