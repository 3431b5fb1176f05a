"""python -m reporting users ...: accounts from the command line.

``create-operator`` gives a fresh (non-demo) installation its first operator, who then signs
in to the app. The other actions are the operator's manual changes on a customer's request
(recorded as manual in the audit log, priced per change); a customer's main user does the
same for free on the Users page.
"""

from __future__ import annotations

import argparse
import sys

from reporting.access.accounts import AccountError, create_account, find_account
from reporting.access.scope import Role, User
from reporting.access.users import create_user, list_users, reset_password, set_active
from reporting.commands.common import add_db_argument
from reporting.core import config
from reporting.core.db import Database

NAME = "users"
ORDER = 80
HELP = "Manage accounts: create the first operator, or make manual changes for a customer."
CLI_OPERATOR = User("cli", "Command line (operator)", Role.OPERATOR)


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    op = sub.add_parser("create-operator", help="create an operator account (all organisations)")
    op.add_argument("--email", required=True)
    op.add_argument("--name", default="Operator")
    _password_args(op)
    add_db_argument(op)

    cr = sub.add_parser("create", help="create an account in a customer organisation (manual change)")
    cr.add_argument("--org", required=True, help="organisation id")
    cr.add_argument("--email", required=True)
    cr.add_argument("--name", required=True)
    cr.add_argument("--role", required=True,
                    choices=[r.value for r in Role if r is not Role.OPERATOR])
    cr.add_argument("--cost-centre", action="append", dest="cost_centres", default=[], metavar="CODE",
                    help="grant a cost centre and its sub-centres (manager, analyst; repeatable)")
    cr.add_argument("--subscription", action="append", dest="subscriptions", default=[], metavar="ID",
                    help="grant a subscription (employee; repeatable)")
    _password_args(cr)
    add_db_argument(cr)

    ls = sub.add_parser("list", help="list an organisation's accounts")
    ls.add_argument("--org", required=True)
    add_db_argument(ls)

    for action, text in (("reset-password", "set a new password and lift a lockout (manual change)"),
                         ("deactivate", "deactivate an account (manual change)"),
                         ("reactivate", "reactivate an account (manual change)")):
        a = sub.add_parser(action, help=text)
        a.add_argument("--email", required=True)
        if action == "reset-password":
            _password_args(a)
        add_db_argument(a)


def _password_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input (default: generate a temporary one "
                        "and print it once)")


def _password(args) -> str | None:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    return None


def run(args: argparse.Namespace) -> int:
    db_path = config.db_path(args.db)
    store = config.state_path(db_path)
    try:
        if args.action == "create-operator":
            password = _password(args)
            temporary = None
            if not password:
                import secrets

                password = temporary = secrets.token_urlsafe(12)
            acc = create_account(email=args.email, name=args.name, role=Role.OPERATOR, org_id=None,
                                 created_by="cli", password=password, path=store,
                                 temporary=temporary is not None)
            print(f"operator {acc.email} created ({acc.user_id})")
            if temporary:
                print(f"temporary password (shown once): {temporary}")
            return 0
        if args.action == "create":
            db = Database(db_path, args.org)
            try:
                change = create_user(CLI_OPERATOR, db, org_id=args.org, email=args.email,
                                     name=args.name, role=args.role, cost_centres=args.cost_centres,
                                     subscriptions=args.subscriptions, password=_password(args),
                                     path=store)
            finally:
                db.close()
            print(f"{change.account.role.value} {change.account.email} created in {args.org} "
                  f"({change.account.user_id}); recorded as a manual change")
            if change.temporary_password:
                print(f"temporary password (shown once): {change.temporary_password}")
            return 0
        if args.action == "list":
            df = list_users(CLI_OPERATOR, args.org, path=store)
            print(df.drop(columns=["user_id"]).to_string(index=False) if len(df) else "no accounts")
            return 0
        account = find_account(args.email, store)
        if account is None:
            print(f"error: no account {args.email!r}", file=sys.stderr)
            return 2
        if args.action == "reset-password":
            change = reset_password(CLI_OPERATOR, account.user_id, password=_password(args), path=store)
            print(f"password of {account.email} reset; recorded as a manual change")
            if change.temporary_password:
                print(f"temporary password (shown once): {change.temporary_password}")
        else:
            set_active(CLI_OPERATOR, account.user_id, args.action == "reactivate", path=store)
            print(f"{account.email} {args.action}d; recorded as a manual change")
        return 0
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
