# Databricks notebook source
# MAGIC %md
# MAGIC ## silver_to_gold
# MAGIC Silver -> gold: daily aggregates per group (row count and the configured measures), with run_date.
# MAGIC
# MAGIC Started by Data Factory (`pl_medallion_source`) on a single-user job cluster that runs as the transformation
# MAGIC identity; it reads `silver` and writes `gold` through Unity Catalog external locations. The SQL of each source
# MAGIC is generated from config (`constructs/data/transformations/sql.ts`) and deployed next to this notebook.

# COMMAND ----------

import json

from medallion_runner import PARAMETERS, run_step

for name in PARAMETERS:
    dbutils.widgets.text(name, "")  # noqa: F821 (dbutils and spark are Databricks globals)
params = {name: dbutils.widgets.get(name) for name in PARAMETERS}  # noqa: F821
dbutils.notebook.exit(json.dumps(run_step(spark, params, "silver_to_gold", "silver", "gold")))  # noqa: F821
