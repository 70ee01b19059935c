# Databricks notebook source
# MAGIC %md
# MAGIC ## bronze_to_silver
# MAGIC Bronze -> silver: typed columns, rows with a null in a required column dropped, one row per key, dates as DATE (ISO), a run_date column.
# MAGIC
# MAGIC Started by Data Factory (`pl_medallion_source`) on a single-user job cluster that runs as the transformation
# MAGIC identity; it reads `bronze` and writes `silver` through Unity Catalog external locations. The SQL of each source
# MAGIC is generated from config (`constructs/data/transformations/sql.ts`) and deployed next to this notebook.

# COMMAND ----------

import json

from medallion_runner import PARAMETERS, run_step

for name in PARAMETERS:
    dbutils.widgets.text(name, "")  # noqa: F821 (dbutils and spark are Databricks globals)
params = {name: dbutils.widgets.get(name) for name in PARAMETERS}  # noqa: F821
dbutils.notebook.exit(json.dumps(run_step(spark, params, "bronze_to_silver", "bronze", "silver")))  # noqa: F821
