"""Optimisation: findings of the rules with their evidence and savings, decisions on them,
and the follow-up of those decisions in later months."""

import streamlit as st

from reporting.access.permissions import may_decide_optimisation
from reporting.i18n import fmt_date, fmt_money, fmt_month, fmt_number, is_missing
from reporting.optimisation import decisions, thresholds
from reporting.optimisation.reports import STAGES
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.paging import picker_options
from reporting.ui.readable import local_time_text, show_readable
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row, kpi_values, lazy_tabs

ctx = page_context("optimisation")
lang = ctx.lang
st.title(ctx.t("page.optimisation.title"))

ctx.stop_if_no_scope()

months = [m.date() for m in load_report("optimisation-months", ctx.scope).month]
if not months:
    st.info(ctx.t("opt.no_months"))
    st.stop()
month = st.selectbox(ctx.t("opt.month"), months, key="opt_month", help=ctx.t("opt.month.help"),
                     format_func=lambda m: fmt_month(m, lang))
st.caption(ctx.t("opt.judged", month=fmt_month(month, lang)))

# -- rules in words, with their thresholds ---------------------------------------------------
defaults = thresholds.Thresholds()
values: dict = {}
with st.expander(ctx.t("opt.tab.rules")):
    st.caption(ctx.t("opt.rules.intro"))
    cols = st.columns(4)
    for i, (name, label, lo, hi, step) in enumerate(thresholds.THRESHOLD_FIELDS):
        default = getattr(defaults, name)
        kind = int if isinstance(default, int) else float
        values[name] = cols[i % 4].number_input(
            ctx.t(label), min_value=kind(lo), max_value=kind(hi), value=kind(default),
            step=kind(step), key=f"opt_th_{name}")
    values["duplicate_same_cost_centre"] = st.checkbox(
        ctx.t("opt.th.duplicate_same_cost_centre"), value=defaults.duplicate_same_cost_centre,
        key="opt_th_duplicate_same_cost_centre")
    words = {k: fmt_number(v, lang, 0 if float(v).is_integer() else 1)
             for k, v in values.items() if not isinstance(v, bool)}
    for r in thresholds.RULES:
        st.markdown(f"**{ctx.t(r.title_key)}** – {ctx.t(r.text_key, **words)}")

th = thresholds.Thresholds.from_filters(values)
filters = {**th.as_filters(), "month": month, "state_version": decisions.version(ctx.scope.org_id)}
rule_label = {r.key: ctx.t(r.title_key) for r in thresholds.RULES}


# the findings are always drawn (their filters, the picked finding and a decision being
# written keep their state when the follow-up is looked at); the follow-up only when open
tab_findings, tab_followup = lazy_tabs([ctx.t("opt.tab.findings"), ctx.t("opt.tab.followup")], key="opt_tab")

with tab_findings:
    k = kpi_values(load_report("optimisation-kpis", ctx.scope, **filters),
                   findings=0, saving_month=0.0, saving_year=0.0)
    kpi_row([
        Kpi(ctx.t("opt.kpi.findings"), fmt_number(k["findings"], lang)),
        Kpi(ctx.t("opt.kpi.saving_month"), fmt_money(k["saving_month"], lang), help=ctx.t("opt.kpi.help")),
        Kpi(ctx.t("opt.kpi.saving_year"), fmt_money(k["saving_year"], lang), help=ctx.t("opt.kpi.help")),
    ])
    money = {c: "money" for c in ("saving_month", "saving_year", "refund_claim", "current_cost_month",
                                  "new_cost_month")}
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {ctx.t('opt.by_rule')}")
        by_rule = load_report("optimisation-by-rule", ctx.scope, **filters)
        show_readable(by_rule, lang=lang, key="opt_by_rule", codes={"finding_rule": "opt.rule"},
                      report="optimisation-by-rule", formats=money)
    with right:
        st.markdown(f"#### {ctx.t('opt.by_centre')}")
        by_cc = load_report("optimisation-by-cost-centre", ctx.scope, **filters)
        show_readable(by_cc, lang=lang, key="opt_by_cc", report="optimisation-by-cost-centre",
                   formats=money)

    st.markdown(f"#### {ctx.t('opt.list')}")
    f_rules, f_search = st.columns([3, 2])
    chosen_rules = f_rules.multiselect(ctx.t("opt.filter_rule"), list(thresholds.RULE_KEYS),
                                       default=list(thresholds.RULE_KEYS), key="opt_rules",
                                       format_func=lambda k: rule_label[k])
    search = f_search.text_input(ctx.t("opt.search"), key="opt_search",
                                 placeholder=ctx.t("opt.search.placeholder"))
    shown = load_report("optimisation", ctx.scope, rules=tuple(chosen_rules), search=search or None,
                        **filters)
    if shown.empty:
        st.info(ctx.t("opt.none_search") if search else ctx.t("opt.none"))
    else:
        st.caption(ctx.t("opt.list.hint", count=fmt_number(len(shown), lang)))
        event = show_readable(
            shown, lang=lang, key="opt_findings", report="optimisation",
            codes={"finding_rule": "opt.rule", "recommended_action": "opt.action",
                   "service_type": "service_type", "finding_status": "opt.decision",
                   "decided_action": "opt.decision"},
            formats={**money, "peak_data_gb": "num2", "data_allowance_gb": "num1",
                     "peak_use_pct": "pct"},
            hide=("judged_month", "evidence_fingerprint"), selection_mode="single-row")

        keys = (shown.subscription_id.astype(str) + "|" + shown.finding_rule.astype(str)).tolist()
        selected = event.selection.rows if event is not None else []
        if selected:
            st.session_state["opt_finding"] = keys[selected[0]]
        elif st.session_state.get("opt_finding") not in keys:
            st.session_state["opt_finding"] = keys[0]
        names = dict(zip(keys, shown.user_name, strict=True))
        pick = st.selectbox(
            ctx.t("opt.pick"), picker_options(keys, st.session_state["opt_finding"]), key="opt_finding",
            help=ctx.t("opt.pick.help"),
            format_func=lambda k: " – ".join([
                k.split("|")[0], names.get(k) or "–", rule_label[k.split("|")[1]]]))
        row = shown.iloc[keys.index(pick)]
        st.markdown(f"#### {ctx.t('opt.evidence')}: {plain(row.subscription_id)} – "
                    f"{plain(row.user_name or '–')}")
        st.caption(ctx.t("opt.evidence.summary", rule=rule_label[row.finding_rule],
                         action=ctx.t(f"opt.action.{row.recommended_action}"),
                         saving=fmt_money(row.saving_month, lang), year=fmt_money(row.saving_year, lang)))
        st.caption(ctx.t("opt.evidence.last_use", date=fmt_date(row.last_used_on, lang))
                   if not is_missing(row.last_used_on) else ctx.t("opt.evidence.never_used"))
        ev = load_report("optimisation-evidence", ctx.scope, subscription_id=row.subscription_id, **filters)
        show_readable(ev, lang=lang, key="opt_evidence", report="optimisation-evidence",
                   export_parts=(row.subscription_id,),
                   formats={"data_use_gb": "num2", "data_allowance_gb": "num1", "data_use_pct": "pct",
                            "voice_use_min": "num0", "messages_use": "num0",
                            **{c: "money" for c in ("fee_billed", "usage_billed", "roaming_billed",
                                                    "other_billed", "total_billed")}})

        st.markdown(f"#### {ctx.t('opt.decide')}")
        if isinstance(row.decided_action, str):
            st.caption(ctx.t("opt.decide.current", decision=ctx.t(f"opt.decision.{row.decided_action}"),
                             who=plain(row.decided_by or "–"), when=local_time_text(row.decided_at, lang)))
        if st.session_state.pop("_opt_saved", False):
            st.success(ctx.t("opt.decide.saved"))
        if not may_decide_optimisation(ctx.user, ctx.scope.org_id):
            st.caption(ctx.t("opt.decide.readonly"))
        else:
            choice = st.selectbox(ctx.t("opt.decide"), decisions.DECISIONS, key="opt_decision",
                                  format_func=lambda d: ctx.t(f"opt.decision.{d}"))
            target = None
            if choice == "change_plan":
                options = list(load_report("optimisation-plans", ctx.scope, service_type=row.service_type).plan)
                rec = row.recommended_plan if row.recommended_plan in options else None
                target = st.selectbox(ctx.t("opt.decide.target"), options, key="opt_target",
                                      index=options.index(rec) if rec else 0)
            reason = st.text_area(ctx.t("opt.decide.reason"), key="opt_reason", max_chars=1000)
            if st.button(ctx.t("opt.decide.save"), key="opt_save", type="primary"):
                try:
                    decisions.record_decision(ctx.db, ctx.user, ctx.scope.org_id, row.to_dict(), choice,
                                              reason, target_plan=target, finding_month=month)
                except (decisions.DecisionInvalid, decisions.DecisionRefused) as exc:
                    st.error(ctx.t(exc.key))
                else:
                    st.session_state["_opt_saved"] = True
                    st.rerun()

with tab_followup:
    if tab_followup.open:
        st.caption(ctx.t("opt.followup.help"))
        st.markdown(f"#### {ctx.t('opt.followup.totals')}")
        totals = load_report("optimisation-followup-totals", ctx.scope, **filters)
        show_readable(totals, lang=lang, key="opt_fu_totals", codes={"followup_stage": "opt.stage"},
                      report="optimisation-followup-totals",
                      formats={"estimated_saving_month": "money", "realised_saving_month": "money",
                               "followup_items": "num0"})
        st.markdown(f"#### {ctx.t('opt.followup.list')}")
        st.caption(ctx.t("opt.followup.order"))
        g_stage, g_search = st.columns([3, 2])
        stages = g_stage.multiselect(ctx.t("opt.followup.stages"), list(STAGES), key="opt_fu_stages",
                                     format_func=lambda s: ctx.t(f"opt.stage.{s}"),
                                     placeholder=ctx.t("opt.followup.all_stages"))
        fu_search = g_search.text_input(ctx.t("opt.search"), key="opt_fu_search",
                                        placeholder=ctx.t("opt.search.placeholder"))
        fu = load_report("optimisation-followup", ctx.scope, stages=tuple(stages) or None,
                         search=fu_search or None, **filters)
        if fu.empty:
            st.info(ctx.t("opt.followup.none"))
        else:
            show_readable(fu, lang=lang, key="opt_followup", report="optimisation-followup",
                          codes={"followup_stage": "opt.stage", "finding_rule": "opt.rule",
                                 "decided_action": "opt.decision"},
                          formats={c: "money" for c in ("estimated_saving_month", "baseline_cost_month",
                                                        "cost_now_month", "realised_saving_month")})

# -- devices (issue 17): leased devices with no user or on a closed subscription --------------
st.divider()
st.subheader(ctx.t("report.optimisation_devices"))
st.caption(ctx.t("devices.optimisation.caption"))
dev_findings = load_report("optimisation-devices", ctx.scope)
if len(dev_findings):
    kpi_row([Kpi(ctx.t("opt.devices.count"), fmt_number(len(dev_findings), lang)),
             Kpi(ctx.t("opt.devices.saving_month"), fmt_money(dev_findings.monthly_lease.sum(), lang)),
             Kpi(ctx.t("opt.devices.lease_left"), fmt_money(dev_findings.lease_cost_left.sum(), lang))])
show_readable(dev_findings, lang=lang, key="opt_devices", report="optimisation-devices",
              codes={"device_finding": "device_finding", "device_type": "device_type",
                     "status": "device_status", "recommended_action": "device_action"},
              formats={"monthly_lease": "money", "lease_cost_left": "money"})
