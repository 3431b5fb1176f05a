"""Extrawiki: search the documentation of every service in view; open comments on needed
changes (the operator closes them once the document is updated)."""

import streamlit as st

from reporting.access.permissions import may_close_doc_comments, may_upload_documents
from reporting.i18n import fmt_number
from reporting.services import customer_docs
from reporting.services import documentation as docs_store
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.navigation import page
from reporting.ui.status_view import category_label, require_services_scope, stored_time
from reporting.ui.text import plain, plain_args

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

# -- the customer's own documents per service -------------------------------------------------
st.divider()
st.subheader(ctx.t("services.cdocs.title"))
st.caption(ctx.t("services.cdocs.caption"))
service_ids = set(names)


def doc_bytes(doc_id: int):
    """The bytes of one version, read (and checked) only when its button is pressed."""
    return lambda: customer_docs.download(ctx.user, org, doc_id, services=service_ids)[1]


def show_version(v: customer_docs.DocumentVersion) -> None:
    size = fmt_number(v.size_bytes / 1024, lang, 1) + (" kt" if lang == "fi" else " kB")
    cols = st.columns([5, 1], vertical_alignment="center")
    cols[0].caption(f"{ctx.t('services.cdocs.version', version=v.version)} · " + ctx.t(
        "services.cdocs.meta", **plain_args(name=v.download_name, size=size, who=v.uploaded_by_name,
                                            when=stored_time(v.uploaded_at, lang))))
    cols[1].download_button(ctx.t("services.cdocs.download"), data=doc_bytes(v.id),
                            file_name=v.download_name, mime=v.mime, key=f"cdoc_dl_{v.id}",
                            on_click="ignore", icon=":material/download:")


if saved_message := st.session_state.pop("cdoc_saved", None):
    st.success(saved_message)
grouped = customer_docs.by_title(customer_docs.list_documents(ctx.user, org, service_ids))
if not grouped:
    st.caption(ctx.t("services.cdocs.none"))
for sid in sorted(grouped, key=lambda s: (cats.get(s, ""), names.get(s, s))):
    st.markdown(f"**{plain(names.get(sid, sid))}**")
    for versions in grouped[sid].values():
        latest = versions[0]
        with st.container(border=True):
            st.markdown(f"**{plain(latest.title)}** · {ctx.t('services.cdocs.cat.' + latest.category)}")
            show_version(latest)
            if len(versions) > 1:
                with st.expander(ctx.t("services.cdocs.history", count=len(versions) - 1)):
                    for older in versions[1:]:
                        show_version(older)

if may_upload_documents(ctx.user, org):
    with st.expander(ctx.t("services.cdocs.upload_title"), icon=":material/upload_file:"), \
            st.form("cdoc_upload", clear_on_submit=True):
        ordered = sorted(names, key=lambda s: (cats[s], names[s]))
        up_service = st.selectbox(ctx.t("services.cdocs.service"), ordered, key="cdoc_service",
                                  format_func=lambda s: names[s])
        up_category = st.selectbox(ctx.t("services.cdocs.category"), customer_docs.CATEGORIES,
                                   key="cdoc_category",
                                   format_func=lambda c: ctx.t("services.cdocs.cat." + c))
        up_title = st.text_input(ctx.t("services.cdocs.doc_title"), key="cdoc_title",
                                 max_chars=customer_docs.MAX_TITLE_CHARS,
                                 help=ctx.t("services.cdocs.doc_title_help"))
        limit = customer_docs.max_bytes() / (1024 * 1024)
        limit_mb = fmt_number(limit, lang, 0 if limit == int(limit) else 3)
        up_file = st.file_uploader(ctx.t("services.cdocs.file", mb=limit_mb,
                                         types=", ".join(customer_docs.TYPES)), key="cdoc_file")
        if st.form_submit_button(ctx.t("services.cdocs.save")):
            if up_file is None:
                st.error(ctx.t("services.cdocs.no_file"))
            elif up_file.size > customer_docs.max_bytes():  # refused before it is read
                st.error(ctx.t("services.cdocs.err.size", **plain_args(name=up_file.name, mb=limit_mb)))
            else:
                try:
                    saved = customer_docs.upload(ctx.user, org, up_service, title=up_title,
                                                 category=up_category, original_name=up_file.name,
                                                 data=up_file.getvalue(), services=service_ids)
                except customer_docs.DocumentRefused:
                    st.error(ctx.t("services.cdocs.refused"))
                except customer_docs.DocumentError as exc:
                    params = exc.params | ({"mb": limit_mb} if "mb" in exc.params else {})
                    st.error(ctx.t(f"services.cdocs.err.{exc.code}", **plain_args(**params)))
                else:  # shown above the list, which now holds it
                    st.session_state["cdoc_saved"] = ctx.t("services.cdocs.saved", **plain_args(
                        title=saved.title, version=saved.version))
                    st.rerun()

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
