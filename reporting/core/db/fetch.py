"""Queries' bound parameters and their results as DataFrames."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind_params(sql: str, params: Mapping[str, Any] | Sequence[Any]) -> Any:
    """Keep only the named parameters the statement uses (DuckDB rejects extra ones).
    A sequence is positional (``?``) and passes through."""
    if not isinstance(params, Mapping):
        return list(params)
    used = set(_PARAM_RE.findall(sql))
    missing = used - set(params)
    if missing:
        raise KeyError(f"SQL parameter(s) not supplied: {', '.join(sorted(missing))}")
    return {k: v for k, v in params.items() if k in used}



# -- results as DataFrames --------------------------------------------------------------------
# DuckDB's ``.df()`` builds a Python object per string cell (about a microsecond each: half a
# second for 100,000 rows of a few text columns). Fetching Arrow and converting column by column
# is several times faster and gives the same dtypes as ``.df()`` (tests/test_db_fetch.py checks
# it): text as pandas' ``str``, DATE as datetime64[us], DECIMAL/HUGEINT as float64, integers and
# booleans with NULLs as the nullable dtypes, ENUM as an ordered categorical. Result types
# outside that list (lists, structs, intervals, times, UUIDs ...) take the ``.df()`` path.

_ARROW_IDS = {"boolean", "tinyint", "smallint", "integer", "bigint", "utinyint", "usmallint",
              "uinteger", "ubigint", "hugeint", "float", "double", "decimal", "date", "timestamp",
              "timestamp with time zone", "varchar", "enum"}
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_NULLABLE_INT = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                 pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
                 pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype()}


def _column(arr: pa.ChunkedArray, duck_type: Any) -> Any:
    duck_id = duck_type.id
    n, nulls = len(arr), arr.null_count
    t = arr.type
    if duck_id == "varchar":
        if n == 0 or nulls == n:       # .df() gives object columns here (None when all NULL)
            return np.full(n, None, dtype=object)
        return pd.array(arr, dtype=_STR)
    if duck_id == "enum":
        categories = pd.Index(dict(duck_type.children)["values"], dtype=_STR)
        if not pa.types.is_dictionary(t):
            if n and nulls < n:
                return arr.to_pandas()
            return pd.Categorical.from_codes(np.full(n, -1), categories=categories, ordered=True)
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        codes = pc.cast(arr.indices, pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False)
        if arr.dictionary.to_pylist() != list(categories):   # map the result's dictionary to the type's
            remap = np.array([categories.get_loc(v) for v in arr.dictionary.to_pylist()] + [-1])
            codes = remap[codes]
        return pd.Categorical.from_codes(codes, categories=categories, ordered=True)
    if duck_id in ("decimal", "hugeint"):
        # Arrow's decimal-to-double cast is not correctly rounded (33.35 can become
        # 33.350000000000001, which then shows in exports); through the decimal's own text the
        # parse gives the nearest double, as .df() does.
        return pc.cast(pc.cast(arr, pa.string()), pa.float64()).to_numpy(zero_copy_only=False)
    if duck_id == "date":
        return pc.cast(arr, pa.timestamp("us")).to_pandas().to_numpy() if n else np.array([], "datetime64[us]")
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        if nulls and n:
            return pd.array(arr, dtype=pd.BooleanDtype() if pa.types.is_boolean(t) else _NULLABLE_INT[t])
        return arr.to_numpy(zero_copy_only=False)
    return arr.to_pandas()


# DuckDB warns that Arrow output from an executed statement copies the rows once more; for
# report-sized results that copy is cheaper than planning the query twice (fetch_df).
_ARROW_COPY_NOTE = "Arrow output on a DB-API result makes an extra copy of the rows"
warnings.filterwarnings("ignore", message=re.escape(_ARROW_COPY_NOTE), category=UserWarning, module=__name__)


def fetch_df(cur: duckdb.DuckDBPyConnection, sql: str, params: Any) -> pd.DataFrame:
    """Run a read-only query and return its result as a DataFrame, the way ``.df()`` would."""
    # execute() plans the query once; a relation (cur.sql) plans it to learn its columns and
    # again to run it: 3-5 ms a report query, more than the copy of the rows into Arrow that
    # DuckDB warns about here costs (the warning is filtered, see _ARROW_COPY_NOTE)
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    types = [d[1] for d in cur.description]
    if len(set(names)) != len(names) or any(t.id not in _ARROW_IDS for t in types):
        return cur.df()
    table = cur.to_arrow_table()
    return pd.DataFrame({name: _column(table.column(k), t) for k, (name, t) in enumerate(zip(names, types, strict=True))},
                        columns=names)

