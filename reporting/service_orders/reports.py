"""Service orders in flight (tilaukset ja toimitukset): open orders, late ones against the
promised date, delivery time by month against the promise, and key figures.

Orders are scoped like costs (``scoped_service_orders``, reporting/sql/core/views.sql): an
order for a subscription counts for that subscription and its cost centre, one without for its
own centre. The portal's own orders (the reporting-service order form, the state store's
``orders``: reporting.orders.ordering.list_orders) join them, as order type
``reporting_service``, only for a viewer who is the operator or the organisation's main user
(``viewer``: the signed-in user; without one they do not appear). "Today" is the data's now
(dataset_info 'now'), never the wall clock.

The rules, each in one place here:

- an order is **open** in the states received, in progress and waiting for the customer;
  delivered and cancelled orders are closed;
- an order is **late** when it is open and its promised date is before today, or when it was
  delivered on a day after its promised date; an order without a promise is never late;
- **delivery time** is the time from the order to its delivery in days (fractional), of
  delivered orders; a delivered order with a promise is **on time** when delivered on or
  before the promised day; by month: the month of delivery, the number delivered, the share on
  time of those with a promise, the median delivery time and the median promised time
  (promised date minus the order's day, in days);
- a portal order's promise is its training date; it is delivered when deployed (its state
  change time), in progress or received as it stands, cancelled when cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from reporting.access.permissions import is_main_user_of, is_operator
from reporting.access.scope import Scope, User
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.orders.ordering import list_orders
from reporting.services.reports import data_now

ORDER_TYPES = ("new_subscription", "device", "change", "termination", "other", "reporting_service")
STATES = ("received", "in_progress", "waiting_for_customer", "delivered", "cancelled")
OPEN_STATES = ("received", "in_progress", "waiting_for_customer")
PORTAL_TYPE = "reporting_service"
PORTAL_STATES = {"received": "received", "in_progress": "in_progress", "deployed": "delivered",
                 "cancelled": "cancelled"}

ROW_COLUMNS = [
    "order_id", "order_type", "for_whom", "cost_centre", "cost_centre_name", "subscription_id",
    "ordered_at", "promised_by", "state", "state_at", "delivered_at", "is_open", "late",
    "days_open", "days_late", "delivery_days",
]
OPEN_COLUMNS = ["order_id", "order_type", "for_whom", "cost_centre", "cost_centre_name",
                "subscription_id", "ordered_at", "promised_by", "state", "state_at", "days_open",
                "late", "days_late"]
LATE_COLUMNS = ["order_id", "order_type", "for_whom", "cost_centre", "cost_centre_name",
                "subscription_id", "ordered_at", "promised_by", "state", "delivered_at", "days_late"]
BY_MONTH_COLUMNS = ["month", "delivered", "with_promise", "on_time", "on_time_share",
                    "median_delivery_days", "median_promised_days"]
KPI_COLUMNS = ["as_of", "open_orders", "late_open", "delivered_12m", "on_time_share_12m",
               "median_delivery_days_12m"]


def data_today(db: Database) -> dt.date:
    return data_now(db).date()


def _codes(values: Iterable[str] | str | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = sorted({str(v) for v in values if v is not None and str(v) != ""})
    return out or None


def sees_portal_orders(viewer: User | None, org_id: str | None) -> bool:
    """The portal's own orders of an organisation are for the operator and its main user."""
    return bool(org_id) and (is_operator(viewer) or is_main_user_of(viewer, org_id))


def portal_orders(org_id: str, path: Path | None = None) -> pd.DataFrame:
    """The organisation's reporting-service orders as service orders (ROW columns before the
    judged ones)."""
    orders = list_orders(path)
    orders = orders[orders.org_id == org_id] if len(orders) else orders
    state = orders.order_state.map(PORTAL_STATES) if len(orders) else pd.Series(dtype=object)
    changed = pd.to_datetime(orders.order_state_changed_at) if len(orders) else pd.Series(dtype="datetime64[ns]")
    out = pd.DataFrame({
        "order_id": orders.order_id.astype(str) if len(orders) else pd.Series(dtype=object),
        "order_type": PORTAL_TYPE,
        "for_whom": orders.order_main_user if len(orders) else pd.Series(dtype=object),
        "cost_centre": None, "cost_centre_name": None, "subscription_id": None,
        "ordered_at": pd.to_datetime(orders.order_created_at) if len(orders) else pd.Series(dtype="datetime64[ns]"),
        "promised_by": pd.to_datetime(orders.order_training_date) if len(orders) else pd.Series(dtype="datetime64[ns]"),
        "state": state,
        "state_at": changed,
        "delivered_at": changed.where(state == "delivered"),
    })
    for col in ("ordered_at", "state_at", "delivered_at"):
        out[col] = _naive(out[col])
    return out


def _naive(values: pd.Series) -> pd.Series:
    values = pd.to_datetime(values)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.astype("datetime64[us]")


def order_rows(db: Database, scope: Scope, *, order_types=None, states=None, cost_centres=None,
               viewer: User | None = None, today: dt.date | None = None,
               state_path: Path | None = None) -> pd.DataFrame:
    """The scope's orders with what the reports judge (ROW_COLUMNS), newest first."""
    if scope.is_empty:
        return pd.DataFrame(columns=ROW_COLUMNS).astype({"is_open": bool, "late": bool})
    types, states_, ccs = _codes(order_types), _codes(states), _codes(cost_centres)
    today = today or data_today(db)
    df = db.named("service_orders/order_rows", scoped_params(
        scope, f_type_all=types is None, f_types=types or [],
        f_state_all=states_ is None, f_states=states_ or [],
        f_cc_all=ccs is None, f_ccs=ccs or []))
    if sees_portal_orders(viewer, scope.org_id) and scope.whole_organisation and ccs is None:
        portal = portal_orders(scope.org_id, state_path)
        if types is not None:
            portal = portal[portal.order_type.isin(types)]
        if states_ is not None:
            portal = portal[portal.state.isin(states_)]
        if len(portal):
            df = pd.concat([df.astype({"promised_by": "datetime64[us]"}), portal], ignore_index=True)
    return judge(df, today)


def judge(df: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The rules of the module docstring over order rows."""
    df = df.copy()
    for col in ("ordered_at", "state_at", "delivered_at", "promised_by"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[us]")
    day = pd.Timestamp(today)
    df["is_open"] = df.state.isin(OPEN_STATES)
    delivered = df.state == "delivered"
    open_late = df.is_open & (df.promised_by < day)
    delivered_late = delivered & (df.delivered_at.dt.normalize() > df.promised_by)
    df["late"] = (open_late | delivered_late).fillna(False).astype(bool)
    df["days_open"] = ((day - df.ordered_at.dt.normalize()).dt.days).where(df.is_open).astype("Int64")
    until = df.delivered_at.dt.normalize().where(delivered, day)
    df["days_late"] = (until - df.promised_by).dt.days.where(df.late).astype("Int64")
    df["delivery_days"] = ((df.delivered_at - df.ordered_at).dt.total_seconds() / 86400).where(delivered)
    df["delivery_days"] = df["delivery_days"].astype("float64").round(2)
    df["promised_by"] = df.promised_by.dt.date
    df = df.sort_values(["ordered_at", "order_id"], ascending=[False, True], kind="stable")
    return df[ROW_COLUMNS].reset_index(drop=True)


@report("service-orders", "report.service_orders")
def service_orders(db: Database, scope: Scope, order_types=None, states=None, cost_centres=None,
                   viewer: User | None = None) -> pd.DataFrame:
    """Every order of the scope (``order_types``, ``states``, ``cost_centres`` with their
    sub-centres), newest first."""
    return order_rows(db, scope, order_types=order_types, states=states, cost_centres=cost_centres,
                      viewer=viewer)


@report("service-orders-open", "report.service_orders_open")
def open_orders(db: Database, scope: Scope, order_types=None, cost_centres=None,
                viewer: User | None = None) -> pd.DataFrame:
    """The open orders, the oldest first."""
    df = order_rows(db, scope, order_types=order_types, cost_centres=cost_centres, viewer=viewer)
    df = df[df.is_open].sort_values(["ordered_at", "order_id"], kind="stable")
    return df[OPEN_COLUMNS].reset_index(drop=True)


@report("service-orders-late", "report.service_orders_late")
def late_orders(db: Database, scope: Scope, order_types=None, cost_centres=None,
                viewer: User | None = None) -> pd.DataFrame:
    """Open orders past their promise and orders delivered after it, the latest first."""
    df = order_rows(db, scope, order_types=order_types, cost_centres=cost_centres, viewer=viewer)
    df = df[df.late].sort_values(["days_late", "order_id"], ascending=[False, True], kind="stable")
    return df[LATE_COLUMNS].reset_index(drop=True)


def _by_month(df: pd.DataFrame) -> pd.DataFrame:
    done = df[df.state == "delivered"].copy()
    if done.empty:
        return pd.DataFrame(columns=BY_MONTH_COLUMNS)
    done["month"] = done.delivered_at.dt.to_period("M").dt.to_timestamp().dt.date
    promised = pd.to_datetime(done.promised_by)
    done["with_promise"] = promised.notna()
    done["on_time"] = done.with_promise & (done.delivered_at.dt.normalize() <= promised)
    done["promised_days"] = (promised - done.ordered_at.dt.normalize()).dt.days
    out = done.groupby("month", sort=True).agg(
        delivered=("order_id", "size"), with_promise=("with_promise", "sum"), on_time=("on_time", "sum"),
        median_delivery_days=("delivery_days", "median"),
        median_promised_days=("promised_days", "median")).reset_index()
    out["on_time_share"] = (out.on_time / out.with_promise.where(out.with_promise > 0)).astype("float64")
    for col in ("delivered", "with_promise", "on_time"):
        out[col] = out[col].astype("int64")
    out["median_delivery_days"] = out.median_delivery_days.astype("float64").round(2)
    out["median_promised_days"] = out.median_promised_days.astype("float64")
    return out[BY_MONTH_COLUMNS]


@report("service-orders-delivery-by-month", "report.service_orders_delivery_by_month")
def delivery_by_month(db: Database, scope: Scope, order_types=None, cost_centres=None,
                      viewer: User | None = None) -> pd.DataFrame:
    """Delivered orders by month of delivery against the promise."""
    return _by_month(order_rows(db, scope, order_types=order_types, cost_centres=cost_centres,
                                viewer=viewer))


@report("service-orders-kpis", "report.service_orders_kpis")
def order_kpis(db: Database, scope: Scope, order_types=None, cost_centres=None,
               viewer: User | None = None) -> pd.DataFrame:
    """One row: today (the data's), open orders, open and late, delivered in the last 12 months (deliveries from
    the day a year before today), their on-time share and median delivery time; no row when
    the scope has no orders."""
    if scope.is_empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    today = data_today(db)
    df = order_rows(db, scope, order_types=order_types, cost_centres=cost_centres, viewer=viewer, today=today)
    if df.empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    since = pd.Timestamp(today) - pd.DateOffset(years=1)
    recent = df[(df.state == "delivered") & (df.delivered_at >= since)]
    promised = recent[recent.promised_by.notna()]
    on_time = (promised.delivered_at.dt.normalize() <= pd.to_datetime(promised.promised_by)).sum()
    return pd.DataFrame([{
        "as_of": today,
        "open_orders": int(df.is_open.sum()),
        "late_open": int((df.is_open & df.late).sum()),
        "delivered_12m": len(recent),
        "on_time_share_12m": float(on_time / len(promised)) if len(promised) else None,
        "median_delivery_days_12m": float(round(recent.delivery_days.median(), 2)) if len(recent) else None,
    }], columns=KPI_COLUMNS)
