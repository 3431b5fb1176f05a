"""Extrawiki: search the documentation of every service in view; open comments on needed
changes (the operator closes them once the document is updated)."""

import streamlit as st

from reporting.access.permissions import may_close_doc_comments
from reporting.services import documentation as docs_store
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.navigation import page
from reporting.ui.status_view import category_label, require_services_scope, stored_time
from reporting.ui.text import plain

ctx = page_context("docs")
lang = ctx.lang
st.title(ctx.t("page.docs.title"))
require_services_scope(ctx)

services = load_report("status-overview", ctx.scope)
names = dict(zip(services.service_id, services.service_name, strict=True))
cats = dict(zip(services.service_id, services.service_category, strict=True))
org = ctx.scope.org_id
service_page = page("service").path

query = st.text_input(ctx.t("services.docs.search"), key="q", bind="query-params",
                      placeholder=ctx.t("services.docs.search_placeholder"))
if query.strip():
    hits = docs_store.search(org, set(names), query)
    st.caption(ctx.t("services.docs.hits", count=len(hits)))
    for doc, snippet in hits:
        with st.container(border=True):
            st.page_link(service_page, label=plain(f"{doc.title} – {names[doc.service_id]}"),
                         query_params={"service": doc.service_id, "doc": doc.slug},
                         icon=":material/description:")
            st.text(snippet)
else:
    docs = docs_store.list_docs(org, set(names))
    if not docs:
        st.info(ctx.t("services.docs.none_at_all"))
    by_service: dict[str, list] = {}
    for d in docs:
        by_service.setdefault(d.service_id, []).append(d)
    for sid in sorted(by_service, key=lambda s: (cats[s], names[s])):
        st.markdown(f"**{plain(names[sid])}** · {plain(category_label(cats[sid], lang))}")
        for d in by_service[sid]:
            st.page_link(service_page, label=plain(d.title), query_params={"service": sid, "doc": d.slug},
                         icon=":material/description:")

st.divider()
comments = docs_store.comments(org, set(names))
st.subheader(ctx.t("services.docs.open_comments", count=len(comments)))
if not comments:
    st.caption(ctx.t("services.docs.no_comments"))
for c in comments:
    with st.container(border=True):
        st.caption(plain(f"{names.get(c.service_id, c.service_id)} · {c.slug or '–'} · "
                         f"{c.author_name} · {stored_time(c.created_at, lang)}"))
        st.text(c.body)
        if may_close_doc_comments(ctx.user) and st.button(ctx.t("services.docs.close"),
                                                          key=f"docs_close_{c.id}"):
            docs_store.close_comments(ctx.user, org, [c.id])
            st.rerun()
