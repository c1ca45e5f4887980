"""Python client of glassboxd, the responsible-AI analysis daemon.

    import glassbox
    client = glassbox.Client()               # GLASSBOX_ADDRESS, GLASSBOX_TOKEN[_FILE], GLASSBOX_TLS_CA
    dataset = client.upload_dataframe(frame, "adult test")
    run = client.create_run(dataset, "income", analyses=["model_overview", ("fairness", {...})], ...)
    run.watch()
    run.metrics(); run.table("Disparities by sex"); run.save_scorecard("card.pdf", config)
    client.compare_runs(run, other_run).metrics; client.privacy_ledger(dataset).releases
"""

from glassbox.client import Client
from glassbox.comparison import Comparison
from glassbox.errors import GlassboxError
from glassbox.insight import Insight
from glassbox.privacy import Budget
from glassbox.privacy import PrivacyLedger
from glassbox.run import Run
from glassbox.scorecard import Scorecard

__all__ = ["Budget", "Client", "Comparison", "GlassboxError", "Insight", "PrivacyLedger", "Run", "Scorecard"]
