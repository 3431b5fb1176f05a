"""python -m reporting run-due: one pass of what is due (for cron), and python -m reporting
scheduler: the same pass every --every seconds (a long-running process; docs/operations.md).

A pass evaluates the alert rules of every organisation that has rules (the daily check; an
import already evaluated its own organisation's), delivers the pending alert e-mails through
the outbox (reporting.alerts.deliver), and, with an SMS gateway configured, queues the newest
month's Saldoviesti of the organisations in REPORTING_SALDOVIESTI_ORGS (each message once)
and hands the due ones to the gateway (reporting.messages.gateway). Nothing is sent twice,
whatever crashes when."""

from __future__ import annotations

import argparse
import signal
import sys
import time

from reporting.alerts.deliver import SmtpSettings, deliver_due
from reporting.alerts.evaluate import evaluate_all
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database
from reporting.messages.gateway import GatewaySettings, deliver_sms, queue_month, saldoviesti_orgs
from reporting.orders.ordering import today_in_finland
from reporting.publish.mail import deliver_reports, queue_due

NAME = "run-due"
ORDER = 80
HELP = ("One pass of what is due: evaluate every organisation's alert rules, deliver pending alert e-mails, "
        "queue and send the month's Saldoviesti messages to the SMS gateway.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_db_argument(p)


def one_pass(db_path) -> dict[str, int]:
    state_path = config.state_path(db_path)
    gateway = GatewaySettings.from_env()
    settings = SmtpSettings.from_env()
    db = Database(db_path)
    try:
        fired = evaluate_all(db, path=state_path)
        queued = sum(queue_month(db, org, path=state_path) for org in saldoviesti_orgs(db)) if gateway else 0
        reports_queued = queue_due(db, today=today_in_finland(), path=state_path)
        reports = deliver_reports(db, settings, path=state_path)
    finally:
        db.close()
    counts = deliver_due(settings, path=state_path)
    counts.update({"reports_queued": reports_queued, **{f"report_{k}": v for k, v in reports.items()}})
    counts["fired"] = sum(len(v) for v in fired.values())
    counts["smtp"] = int(settings is not None)
    counts["sms_queued"] = queued
    counts.update({f"sms_{k}": v for k, v in deliver_sms(gateway, path=state_path).items()})
    counts["gateway"] = int(gateway is not None)
    return counts


def _report(counts: dict[str, int]) -> None:
    smtp = "" if counts["smtp"] else " (no REPORTING_SMTP_HOST: nothing sent, alerts stay in the app)"
    print(f"alerts fired: {counts['fired']}; e-mails sent: {counts['sent']}, to retry: {counts['retry']}, "
          f"failed: {counts['failed']}, uncertain: {counts['uncertain']}{smtp}", flush=True)
    print(f"monthly reports queued: {counts['reports_queued']}; sent: {counts['report_sent']}, "
          f"to retry: {counts['report_retry']}, failed: {counts['report_failed']}, "
          f"uncertain: {counts['report_uncertain']}", flush=True)
    if counts["gateway"]:
        print(f"Saldoviesti queued: {counts['sms_queued']}; SMS sent: {counts['sms_sent']}, "
              f"to retry: {counts['sms_retry']}, failed: {counts['sms_failed']}, skipped (opted out): "
              f"{counts['sms_skipped']}, uncertain: {counts['sms_uncertain']}", flush=True)


def run(args: argparse.Namespace) -> int:
    _report(one_pass(config.db_path(args.db)))
    return 0


def scheduler_loop(db_path, every: float, passes: int | None = None) -> int:
    stop = {"now": False}

    def _stop(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    done = 0
    while not stop["now"] and (passes is None or done < passes):
        try:
            _report(one_pass(db_path))
        except Exception as exc:  # one bad pass must not end the scheduler
            print(f"pass failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        done += 1
        deadline = time.monotonic() + every
        while not stop["now"] and time.monotonic() < deadline and (passes is None or done < passes):
            time.sleep(min(1.0, every))
    return 0
