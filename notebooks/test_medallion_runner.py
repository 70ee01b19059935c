"""Unit tests of the notebooks' runner (no Spark needed): `npm run test:notebooks`."""

import unittest
from unittest import mock

from medallion_runner import HADOOP_COMMIT_PROTOCOL, StepError, check_parameters, run_step, statement

ACCOUNT = "stmedaldevweuab12"
GOOD = {
    "source": "sales",
    "runDate": "2026-03-02",
    "inputPath": f"abfss://bronze@{ACCOUNT}.dfs.core.windows.net/sales/2026/03/02",
    "outputPath": f"abfss://silver@{ACCOUNT}.dfs.core.windows.net/sales/2026/03/02",
    "sqlPath": "/Workspace/Users/0000/medallion/sql/sales/bronze_to_silver.sql",
}


def check(**changes):
    return check_parameters({**GOOD, **changes}, "bronze_to_silver", "bronze", "silver")


class CheckParameters(unittest.TestCase):
    def test_accepts_the_contract(self):
        self.assertEqual(check(), GOOD)

    def test_fails_on_a_missing_parameter(self):
        with self.assertRaisesRegex(StepError, "missing parameters outputPath"):
            check(outputPath="")

    def test_fails_on_a_run_date_in_another_format(self):
        for bad in ("2026-03-02T00:00:00Z", "2026/03/02", "02-03-2026", "2026-02-30"):
            with self.subTest(bad=bad), self.assertRaisesRegex(StepError, "runDate must be a date written yyyy-MM-dd"):
                check(runDate=bad)

    def test_fails_on_a_path_of_another_layer_source_or_date(self):
        for name, bad in (
            ("inputPath", GOOD["inputPath"].replace("bronze@", "silver@")),
            ("inputPath", GOOD["inputPath"].replace("/sales/", "/stock/")),
            ("outputPath", GOOD["outputPath"].replace("03/02", "03/01")),
            ("outputPath", GOOD["outputPath"] + "/extra"),
        ):
            with self.subTest(name=name, bad=bad), self.assertRaisesRegex(StepError, f"{name} must be abfss://"):
                check(**{name: bad})

    def test_fails_on_sql_of_another_source_or_outside_the_workspace(self):
        for bad in ("/Workspace/Users/0000/medallion/sql/stock/bronze_to_silver.sql", "/dbfs/sql/sales/bronze_to_silver.sql"):
            with self.subTest(bad=bad), self.assertRaisesRegex(StepError, "sqlPath must be"):
                check(sqlPath=bad)

    def test_fails_on_a_source_name_that_could_escape_its_folder(self):
        with self.assertRaisesRegex(StepError, "source must be"):
            check(source="../gold")


class Statement(unittest.TestCase):
    def test_puts_the_run_date_in_place_of_the_placeholder(self):
        self.assertEqual(statement("SELECT CAST('{{run_date}}' AS DATE)", "2026-03-02", "x.sql"), "SELECT CAST('2026-03-02' AS DATE)")

    def test_fails_on_sql_without_the_placeholder(self):
        with self.assertRaisesRegex(StepError, "no {{run_date}} placeholder"):
            statement("SELECT 1", "2026-03-02", "x.sql")


class RunStep(unittest.TestCase):
    def test_reads_the_input_runs_the_sql_and_overwrites_the_output(self):
        spark = mock.MagicMock()
        spark.read.parquet.return_value.count.return_value = 3
        with mock.patch("builtins.open", mock.mock_open(read_data="SELECT *, '{{run_date}}' FROM input_rows")):
            result = run_step(spark, GOOD, "bronze_to_silver", "bronze", "silver")
        spark.read.parquet.assert_any_call(GOOD["inputPath"])
        spark.read.parquet.return_value.createOrReplaceTempView.assert_called_once_with("input_rows")
        spark.conf.set.assert_called_once_with("spark.sql.sources.commitProtocolClass", HADOOP_COMMIT_PROTOCOL)
        spark.sql.assert_called_once_with("SELECT *, '2026-03-02' FROM input_rows")
        spark.sql.return_value.write.mode.assert_called_once_with("overwrite")
        spark.sql.return_value.write.mode.return_value.parquet.assert_called_once_with(GOOD["outputPath"])
        self.assertEqual(result, {"source": "sales", "runDate": "2026-03-02", "outputPath": GOOD["outputPath"], "rows": 3})

    def test_fails_naming_the_partition_when_there_is_no_input(self):
        spark = mock.MagicMock()
        spark.read.parquet.side_effect = RuntimeError("[PATH_NOT_FOUND] Path does not exist: abfss://bronze@x/sales/2026/03/02.")
        with mock.patch("builtins.open", mock.mock_open(read_data="SELECT '{{run_date}}'")):
            with self.assertRaisesRegex(StepError, "no bronze data for sales on 2026-03-02 at abfss://bronze@"):
                run_step(spark, GOOD, "bronze_to_silver", "bronze", "silver")
        spark.sql.assert_not_called()

    def test_lets_other_read_errors_through_unchanged(self):
        spark = mock.MagicMock()
        spark.read.parquet.side_effect = PermissionError("[INSUFFICIENT_PERMISSIONS] User does not have READ FILES")
        with mock.patch("builtins.open", mock.mock_open(read_data="SELECT '{{run_date}}'")):
            with self.assertRaisesRegex(PermissionError, "INSUFFICIENT_PERMISSIONS"):
                run_step(spark, GOOD, "bronze_to_silver", "bronze", "silver")

    def test_checks_parameters_before_reading_anything(self):
        spark = mock.MagicMock()
        with self.assertRaises(StepError):
            run_step(spark, {**GOOD, "runDate": "yesterday"}, "bronze_to_silver", "bronze", "silver")
        spark.read.parquet.assert_not_called()


if __name__ == "__main__":
    unittest.main()
