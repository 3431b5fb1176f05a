"""Loading a checked file into the analytical tables, one loader per kind: charges and usage
replace the organisation's months in the file, the other kinds replace by key. Big tables
are inserted sorted for fast reads (charges by month, usage by subscription and date)."""

from __future__ import annotations

from decimal import Decimal

from reporting.cloud.mapping import apply_mapping, merge_pairs
from reporting.ingest import contract as K
from reporting.ingest.focus import cost_centre_map
from reporting.ingest.model import FileResult, ImportOptions, ImportResult, Problem
from reporting.ingest.readers import Staged
from reporting.ingest.rules import ex, used

# the FOCUS fields kept only in cloud_charges, as reporting.ingest.focus names them
CLOUD_FIELDS = ("provider", "focus_category", "region", "charge_date", "invoice_id", "billing_account_id",
                "billing_account_name", "billing_account_type", "sub_account_id", "sub_account_type",
                "pricing_currency")


def load_file(con, st_: Staged, fr: FileResult, opts: ImportOptions, result: ImportResult) -> None:
    typed = f"{st_.table}_t"
    if st_.clean:    # the fast path's table: every row is valid, file order is its rowid
        ok = f"(SELECT rowid AS _idx, * FROM {typed})"  # noqa: S608 (generated table names)
    else:
        ok = f"(SELECT * FROM {typed} WHERE _errs IS NULL)"  # noqa: S608
    p = {"org": opts.org_id}
    kind = fr.kind
    if kind in ("charges", "focus"):
        p.update(fx_k=[c.upper() for c in opts.fx] or [""],
                 fx_v=[Decimal(v) for v in opts.fx.values()] or [Decimal(1)])
        sources = ["focus"] if kind == "focus" else ["native", "demo"]
        fr.months = [r[0] for r in ex(con, f"SELECT DISTINCT invoice_month FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        fr.currencies = [r[0] for r in ex(con,
            f"SELECT DISTINCT coalesce(upper(currency), 'EUR') FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        ex(con, "DELETE FROM charges WHERE org_id = $org AND list_contains($src, source) "
                 "AND list_contains($months, invoice_month)", {**p, "src": sources, "months": fr.months})
        if kind == "focus":
            ex(con, "DELETE FROM cloud_charges WHERE org_id = $org AND list_contains($months, invoice_month)",
                {**p, "months": fr.months})
        if opts.fx:
            rate = "coalesce($fx_v[list_position($fx_k, coalesce(upper(currency), 'EUR'))], 1)"
            cur = ("CASE WHEN list_position($fx_k, coalesce(upper(currency), 'EUR')) > 0 THEN 'EUR' "
                   "ELSE coalesce(upper(currency), 'EUR') END")
        else:
            rate, cur = "1", "coalesce(upper(currency), 'EUR')"
        amount = f"CAST({'amount' if rate == '1' else 'amount * ' + rate} AS DECIMAL(18, 10))"
        if kind == "focus":
            # the record of each FOCUS line with its FOCUS fields, then its cost line (below)
            eff = f"effective_amount * {rate}" if rate != "1" else "effective_amount"
            sql = (f"INSERT INTO cloud_charges (org_id, invoice_month, category, description, quantity, "  # noqa: S608
                   f"unit, amount, currency, cost_centre, service_category, service_name, sub_account, "
                   f"effective_amount, {', '.join(CLOUD_FIELDS)}, billed_currency) "
                   f"SELECT $org, invoice_month, CAST(category AS charge_category), description, "
                   f"CAST(quantity AS DECIMAL(18, 3)), unit, {amount}, {cur}, cost_centre, "
                   f"service_category, service_name, sub_account, CAST({eff} AS DECIMAL(18, 10)), "
                   f"{', '.join(CLOUD_FIELDS)}, coalesce(upper(currency), 'EUR') "
                   f"FROM {ok} ORDER BY invoice_month")
            ex(con, sql, used(sql, p))
        # In month order (the reports read a few months at a time and skip the others), with
        # the subscription's attributes joined in (the write's final stamp then has nothing to
        # rewrite). A date is the cheapest sort key there is: adding the subscription cost a
        # tenth of a big import's time.
        src = "focus" if kind == "focus" else "native"
        country = "country" if kind == "charges" else "NULL"
        sql = (f"INSERT INTO charges (org_id, invoice_month, subscription_id, category, "  # noqa: S608
               f"description, quantity, unit, amount, currency, country, cost_centre, source, sub_cost_centre, "
               f"sub_service_type, sub_plan) "
               f"SELECT $org, l.invoice_month, l.subscription_id, l.category, l.description, l.quantity, "
               f"l.unit, l.amount, l.currency, l.country, l.cost_centre, '{src}', s.cost_centre, "
               f"s.service_type, s.plan FROM ("
               f"SELECT invoice_month, {'subscription_id' if kind == 'charges' else 'NULL'} AS subscription_id, "
               f"CAST(category AS charge_category) AS category, "
               f"description, CAST(quantity AS DECIMAL(18, 3)) AS quantity, unit, {amount} AS amount, "
               f"{cur} AS currency, {country} AS country, cost_centre FROM {ok}) l "
               f"LEFT JOIN subscriptions s ON s.org_id = $org AND s.subscription_id = l.subscription_id "
               f"ORDER BY l.invoice_month")
        ex(con, sql, used(sql, p))
        if kind == "focus":
            # the file's sub-account -> centre pairs join the stored mapping, which then books
            # every FOCUS line of the organisation (reporting.cloud.mapping)
            subs, ccs = cost_centre_map(opts.cost_centre_map)
            merge_pairs(con, opts.org_id, dict(zip(subs, ccs, strict=True)))
            apply_mapping(con, opts.org_id)
        rates = {k.upper(): v for k, v in opts.fx.items()}
        for c in fr.currencies:
            if c in rates:
                result.notes.append(("ingest.note.converted", {"currency": c, "rate": str(rates[c])}))
            elif c != "EUR":
                result.notes.append(("ingest.note.kept_currency", {"currency": c}))
    elif kind == "usage":
        fr.months = [r[0] for r in ex(con,
            f"SELECT DISTINCT CAST(date_trunc('month', usage_date) AS DATE) FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        ex(con, "DELETE FROM usage_daily WHERE org_id = $org AND "
                    "list_contains($months, CAST(date_trunc('month', usage_date) AS DATE))",
                    {**p, "months": fr.months})
        ex(con, f"INSERT INTO usage_daily SELECT $org, subscription_id, usage_date, "  # noqa: S608
                    f"CAST(usage_type AS usage_type), CAST(quantity AS DECIMAL(18, 3)), country, "
                    f"CAST(amount AS DECIMAL(18, 4)) FROM {ok} "
                    f"ORDER BY subscription_id, usage_date, usage_type, country", p)
    elif kind == "cost_centres":
        ex(con, f"DELETE FROM cost_centres WHERE org_id = $org AND code IN (SELECT code FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO cost_centres SELECT $org, code, name, parent FROM {ok} ORDER BY code", p)  # noqa: S608
    elif kind == "plans":
        ex(con, f"DELETE FROM plans WHERE plan IN (SELECT plan FROM {ok})")  # noqa: S608
        ex(con, f"INSERT INTO plans SELECT plan, CAST(service_type AS service_type), monthly_fee, data_gb, "  # noqa: S608
                    f"CAST(voice_min AS INTEGER), CAST(sms AS INTEGER), coalesce(data_overage_per_gb, 0), "
                    f"coalesce(voice_per_min, 0), coalesce(sms_each, 0) FROM {ok} ORDER BY plan")
    elif kind == "subscriptions":
        # A plan the catalogue does not hold is the organisation's own (org_plans), whoever
        # imports the file: only a plans file changes the operator's catalogue.
        new_plans = ex(con,
            f"INSERT INTO org_plans (org_id, plan, service_type, monthly_fee, data_gb) "  # noqa: S608
            f"SELECT $org, plan, CAST(arg_min(service_type, _idx) AS service_type), arg_min(monthly_fee, _idx), "
            f"arg_min(data_allowance_gb, _idx) FROM {ok} "
            f"WHERE plan IS NOT NULL AND plan NOT IN (SELECT plan FROM plans) "
            f"AND plan NOT IN (SELECT plan FROM org_plans WHERE org_id = $org) GROUP BY plan "
            f"RETURNING plan", p).fetchall()
        for (plan,) in new_plans:
            fr.warnings.append(Problem(fr.name, None, "plan", "new_plan", plan, warning=True))
        ex(con, f"DELETE FROM subscriptions WHERE org_id = $org AND subscription_id IN "  # noqa: S608
                    f"(SELECT subscription_id FROM {ok})", p)
        ex(con, f"INSERT INTO subscriptions SELECT $org, subscription_id, phone_number, user_name, "  # noqa: S608
                    f"cost_centre, plan, CAST(service_type AS service_type), opened_on, closed_on "
                    f"FROM {ok} ORDER BY subscription_id", p)
    elif kind == "services":
        cols = ", ".join(c.name for c in K.KINDS["services"].columns)
        ex(con, f"DELETE FROM services WHERE org_id = $org AND service_id IN (SELECT service_id FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO services SELECT $org, {cols} FROM {ok} ORDER BY service_id", p)  # noqa: S608
    elif kind == "service_events":
        ex(con, f"DELETE FROM service_events WHERE org_id = $org AND event_id IN (SELECT event_id FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO service_events SELECT $org, service_id, event_id, starts_at, ends_at, "  # noqa: S608
                    f"CAST(status AS service_status), title FROM {ok} ORDER BY service_id, starts_at", p)
    elif kind == "tickets":
        ex(con, f"DELETE FROM tickets WHERE org_id = $org AND ticket_id IN (SELECT ticket_id FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO tickets SELECT $org, ticket_id, service_id, CAST(priority AS ticket_priority), "  # noqa: S608
                    f"opened_at, first_response_at, resolved_at, CAST(status AS ticket_status), subject "
                    f"FROM {ok} ORDER BY service_id, opened_at", p)
    elif kind == "devices":
        ex(con, f"DELETE FROM devices WHERE org_id = $org AND device_id IN (SELECT device_id FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO devices SELECT $org, device_id, CAST(device_type AS device_type), model, "  # noqa: S608
                    f"manufacturer, serial_number, imei, user_name, cost_centre, subscription_id, "
                    f"CAST(status AS device_status), purchased_on, warranty_until, lease_end, "
                    f"CAST(monthly_lease AS DECIMAL(12, 2)), location FROM {ok} ORDER BY device_id", p)
    elif kind == "device_events":
        ex(con, f"DELETE FROM device_events WHERE org_id = $org AND (device_id, event_at, event_type) IN "  # noqa: S608
                    f"(SELECT (device_id, event_at, CAST(event_type AS device_event_type)) FROM {ok})", p)
        ex(con, f"INSERT INTO device_events SELECT $org, device_id, CAST(event_type AS device_event_type), "  # noqa: S608
                    f"event_at, user_name, note FROM {ok} ORDER BY device_id, event_at", p)
    elif kind == "service_orders":
        ex(con, f"DELETE FROM service_orders WHERE org_id = $org AND order_id IN (SELECT order_id FROM {ok})", p)  # noqa: S608
        ex(con, f"INSERT INTO service_orders SELECT $org, order_id, CAST(order_type AS order_type), for_whom, "  # noqa: S608
                f"cost_centre, subscription_id, ordered_at, promised_by, CAST(state AS order_state), "
                f"coalesce(state_at, delivered_at, ordered_at), delivered_at FROM {ok} ORDER BY order_id", p)
    elif kind == "budgets":
        # a budget is keyed by (centre, period): the file's budgets replace those of the same keys
        period = ("CASE WHEN month IS NOT NULL THEN 'month' ELSE 'year' END AS period_kind, "
                  "coalesce(month, make_date(CAST(year AS INTEGER), 1, 1)) AS period_start")
        ex(con, f"DELETE FROM budgets b WHERE org_id = $org AND EXISTS (SELECT 1 FROM "  # noqa: S608
                f"(SELECT cost_centre, {period} FROM {ok}) f WHERE f.cost_centre IS NOT DISTINCT FROM b.cost_centre "
                f"AND f.period_kind = b.period_kind AND f.period_start = b.period_start)", p)
        ex(con, f"INSERT INTO budgets SELECT $org, cost_centre, {period}, CAST(round(budget, 2) AS DECIMAL(18, 2)) "  # noqa: S608
                f"FROM {ok} ORDER BY cost_centre, month, year", p)
    fr.rows_loaded = ex(con, f"SELECT count(*) FROM {ok}").fetchall()[0][0]  # noqa: S608
